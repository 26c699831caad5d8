import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request as the sink received it. */
export interface SinkRequest {
  /** 0, 1, 2 … in order of arrival at this sink. */
  index: number;
  method: string;
  path: string;
  /** Node's lower-case header object, as a receiver sees it. */
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (signatures are over these bytes). */
  body: string;
  /** Wall clock (ms since the epoch) and monotonic clock (performance.now()) when the body was complete. */
  receivedAt: number;
  receivedAtMonotonic: number;
}

/** How the sink answers one request: a status (and body), or not at all (until the sink closes). */
export type SinkAnswer = { status: number; body?: string; headers?: Record<string, string> } | { hang: true };

/** Decides the answer to a request; `previous` holds the requests received before it. */
export type SinkResponder = (request: SinkRequest, previous: readonly SinkRequest[]) => SinkAnswer;

/** Ready-made responders. */
export const answers = {
  ok:
    (status = 200): SinkResponder =>
    () => ({ status, body: 'ok' }),
  fail:
    (status = 500): SinkResponder =>
    () => ({ status, body: 'failing on purpose' }),
  hang: (): SinkResponder => () => ({ hang: true }),
  /**
   * Fails the first `times` requests of each event (by its Tsunagu-Event-Id), then answers `then`: a sink that
   * "fails twice, then succeeds" does so for every event sent to it.
   */
  failFirst:
    (times: number, status = 500, then = 200): SinkResponder =>
    (request, previous) => {
      const eventId = request.headers['tsunagu-event-id'];
      const before = previous.filter((earlier) => earlier.headers['tsunagu-event-id'] === eventId).length;
      return before < times ? { status, body: 'failing on purpose' } : { status: then, body: 'ok' };
    },
};

export interface WebhookSink {
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in order of arrival. */
  requests(): SinkRequest[];
  /** The requests of one event (by Tsunagu-Event-Id). */
  requestsOf(eventId: string): SinkRequest[];
  /** How to answer from now on. */
  respondWith(responder: SinkResponder): void;
  /** Called for every request as it completes (e.g. to time deliveries). */
  onRequest(listener: (request: SinkRequest) => void): void;
  /** Resolves once `count` requests have arrived (all of them), or fails after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<SinkRequest[]>;
  /** Stops listening and drops every connection (hanging requests included). */
  close(): Promise<void>;
}

/**
 * A local webhook receiver on 127.0.0.1 (a free port): records each request's method, headers and raw body,
 * and answers as told — always 200, fail N times per event then succeed, hang to trigger the sender's timeout.
 */
export async function startWebhookSink(responder: SinkResponder = answers.ok()): Promise<WebhookSink> {
  const received: SinkRequest[] = [];
  const listeners: ((request: SinkRequest) => void)[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let answer = responder;

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: SinkRequest = {
        index: received.length,
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        receivedAtMonotonic: performance.now(),
      };
      const previous = received.slice();
      received.push(entry);
      for (const listener of listeners) listener(entry);
      for (const waiter of waiters.filter((one) => received.length >= one.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const reply = answer(entry, previous);
      if ('hang' in reply) return;
      response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? '');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests: () => received.slice(),
    requestsOf: (eventId) => received.filter((request) => request.headers['tsunagu-event-id'] === eventId),
    respondWith: (next) => {
      answer = next;
    },
    onRequest: (listener) => {
      listeners.push(listener);
    },
    waitForRequests: (count, timeoutMs = 20_000) => {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise<SinkRequest[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`webhook sink: ${received.length} of ${count} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received.slice());
          },
        };
        waiters.push(waiter);
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
