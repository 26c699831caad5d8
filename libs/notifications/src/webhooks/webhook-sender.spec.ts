import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { postWebhook } from './webhook-sender.js';
import { WebhookTargetGuard } from './webhook-target.js';

describe('postWebhook', () => {
  let server: http.Server;
  let base: string;
  let respond: (request: IncomingMessage, response: ServerResponse, body: string) => void;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const loopback = new WebhookTargetGuard(['127.0.0.1/32']);

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ headers: request.headers, body });
        respond(request, response, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('POSTs the body with the headers given, and a 2xx is success', async () => {
    respond = (_request, response) => response.writeHead(204).end();
    const body = JSON.stringify({ id: 'e1', note: '受付' });
    const result = await postWebhook(new URL(`${base}/hook`), { 'tsunagu-event-id': 'e1' }, body, {
      timeoutMs: 2000,
      guard: loopback,
    });
    expect(result).toMatchObject({ succeeded: true, statusCode: 204, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe(body);
    expect(received[0].headers['tsunagu-event-id']).toBe('e1');
    expect(received[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('fails on a non-2xx, and does not follow a redirect', async () => {
    respond = (_request, response) => response.writeHead(500).end('boom');
    expect(await postWebhook(new URL(base), {}, '{}', { timeoutMs: 2000, guard: loopback })).toMatchObject({
      succeeded: false,
      statusCode: 500,
      error: 'HTTP 500',
    });
    respond = (_request, response) => response.writeHead(302, { location: `${base}/elsewhere` }).end();
    expect(await postWebhook(new URL(base), {}, '{}', { timeoutMs: 2000, guard: loopback })).toMatchObject({
      succeeded: false,
      statusCode: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
    expect(received).toHaveLength(2);
  });

  it('gives up after the timeout, for the whole request', async () => {
    respond = (_request, response) => {
      response.writeHead(200);
      response.write('slow');
      // never ends
    };
    const result = await postWebhook(new URL(base), {}, '{}', { timeoutMs: 300, guard: loopback });
    expect(result).toMatchObject({ succeeded: false, error: 'timed out after 300 ms' });
  });

  it('stops reading a large response after a few KB', async () => {
    respond = (_request, response) => {
      response.writeHead(200);
      response.write(Buffer.alloc(64 * 1024, 'x'));
      // never ends: only the read limit finishes the request
    };
    expect(await postWebhook(new URL(base), {}, '{}', { timeoutMs: 5000, guard: loopback })).toMatchObject({
      succeeded: true,
      statusCode: 200,
    });
  });

  it('refuses a loopback target the guard does not allow, without connecting', async () => {
    respond = (_request, response) => response.writeHead(200).end();
    const strict = new WebhookTargetGuard([]);
    const literal = await postWebhook(new URL(base), {}, '{}', { timeoutMs: 2000, guard: strict });
    expect(literal).toMatchObject({ succeeded: false, statusCode: null });
    expect(literal.error).toMatch(/^refused: the webhook URL’s address is not publicly routable \(Loopback/);
    const named = await postWebhook(new URL(base.replace('127.0.0.1', 'localhost')), {}, '{}', {
      timeoutMs: 2000,
      guard: strict,
    });
    expect(named.error).toBe(
      'refused: the webhook URL resolves to an address that is not publicly routable; webhooks may only reach public addresses',
    );
    expect(named.error).not.toMatch(/127\.0\.0\.1|::1/);
    expect(received).toHaveLength(0);
  });

  it('reports a refused connection as the error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await postWebhook(new URL(`http://127.0.0.1:${port}/`), {}, '{}', {
      timeoutMs: 2000,
      guard: loopback,
    });
    expect(result).toMatchObject({ succeeded: false, statusCode: null });
    expect(result.error).toBe('connect ECONNREFUSED'); // not `… 127.0.0.1:port`: no address in the record
  });
});
