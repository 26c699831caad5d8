import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  req?: { id?: string; headers?: Record<string, string> };
  err?: { type?: string; message?: string; stack?: string };
}

/**
 * An unexpected failure reaches the client as INTERNAL_SERVER_ERROR with a request id, and the same id leads
 * to one error line in the application's log, with the stack. Nothing else in this file may boot an app
 * before this one: nestjs-pino keeps one request logger per process (here, per test file).
 */
describe('logging of internal errors', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' }, { logDestination: { write: (line: string) => lines.push(line) } });
  });
  afterAll(() => t.close());

  it('logs an INTERNAL_SERVER_ERROR at level error with the request id and the stack, without the key', async () => {
    // The database goes away under the running API: every query fails unexpectedly from now on.
    await t.app.get(DataSource).destroy();

    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.adminKey}`,
        'x-request-id': 'trace-internal-1',
      },
      body: JSON.stringify({ query: '{ agencies(first: 1) { totalCount } }' }),
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBe('trace-internal-1');
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      }),
    ]);

    const logged = lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.requestId === requestId);
    expect(logged).toHaveLength(1);
    const [line] = logged;
    expect(line.level).toBe(50);
    expect(line.msg).toBe('unhandled error in GraphQL operation');
    // The request's own logger: the same id pino-http writes on the request's lines.
    expect(line.req?.id).toBe(requestId);
    expect(line.req?.headers?.authorization).toBe('[redacted]');
    expect(line.err?.message).toEqual(expect.any(String));
    expect(line.err?.stack).toMatch(/\n\s+at /);
    expect(lines.join('\n')).not.toContain(t.adminKey);
  });
});
