import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { verifyTsunaguSignature } from './verify-signature.js';

/** The body of every webhook POST (docs/webhooks.md, "What a delivery looks like"). */
export interface WebhookEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  /** Identifiers and statuses only, never a person's data. */
  data: Record<string, unknown>;
}

export interface WebhookReceiverOptions {
  /** The endpoint's signing secret (from registerWebhook or rotateWebhookSecret). */
  secret: string;
  /** 0: a free port. */
  port: number;
  host?: string;
  /** Default `/tsunagu/events`. */
  path?: string;
  toleranceSeconds?: number;
  /** Called once per event id (later copies of a delivered event are answered 2xx and skipped). */
  onEvent: (event: WebhookEnvelope) => void;
  log: (line: string) => void;
}

/** One POST as received, with the status it was answered. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The raw body. */
  body: Buffer;
  status: number;
}

export interface WebhookReceiver {
  /** `http://<host>:<port><path>`. */
  readonly url: string;
  readonly port: number;
  /** The events accepted, once each, in order of arrival. */
  readonly accepted: readonly WebhookEnvelope[];
  /** How many requests were refused for a missing or wrong signature or a stale timestamp. */
  readonly rejected: number;
  /** The last 100 POSTs to the endpoint path, oldest first (for inspection and troubleshooting). */
  readonly requests: readonly ReceivedRequest[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A webhook endpoint: verifies each POST's signature over the raw body before parsing it (401 otherwise),
 * deduplicates on the event id (delivery is at least once) and answers 204 at once.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const path = options.path ?? '/tsunagu/events';
  const accepted: WebhookEnvelope[] = [];
  const seen = new Set<string>();
  const requests: ReceivedRequest[] = [];
  let rejected = 0;

  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
    const answer = (status: number) => {
      requests.push({ headers: request.headers, body, status });
      if (requests.length > 100) requests.shift();
      response.writeHead(status).end();
    };
    if (
      !verifyTsunaguSignature({
        secret: options.secret,
        headers: request.headers,
        body,
        toleranceSeconds: options.toleranceSeconds,
      })
    ) {
      rejected += 1;
      const eventId = request.headers['tsunagu-event-id'];
      options.log(`webhook refused: bad signature or stale timestamp (${String(eventId ?? 'no event id')})`);
      answer(401);
      return;
    }
    let event: WebhookEnvelope;
    try {
      event = JSON.parse(body.toString('utf8')) as WebhookEnvelope;
    } catch {
      answer(400);
      return;
    }
    if (!seen.has(event.id)) {
      seen.add(event.id);
      accepted.push(event);
      options.log(`webhook ${event.type} ${event.id}`);
      options.onEvent(event);
    }
    answer(204);
  };

  const server = http.createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] !== path) {
      response.writeHead(404).end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413).end();
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => handle(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    port,
    accepted,
    requests,
    get rejected() {
      return rejected;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
