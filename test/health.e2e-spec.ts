import { startTestApp, type TestApp } from './support/test-app.js';

describe('health endpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the process live', async () => {
    const response = await fetch(`${t.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports ready when PostgreSQL and Redis answer', async () => {
    const response = await fetch(`${t.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'partner-trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('partner-trace-42');
    const made = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness without Redis', () => {
  it('answers 503 naming Redis as down', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await fetch(`${t.url}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
    } finally {
      await t.close();
    }
  });
});
