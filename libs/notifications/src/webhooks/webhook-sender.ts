import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TARGET_REFUSED_CODE, type WebhookTargetGuard } from './webhook-target.js';

/** What is read of a response at most: enough to let the receiver finish, never a large body. */
export const RESPONSE_READ_LIMIT_BYTES = 4096;

/** The outcome of one POST. */
export interface WebhookAttemptResult {
  succeeded: boolean;
  /** The response's status, or null when none came (refused, unreachable, timed out). */
  statusCode: number | null;
  latencyMs: number;
  /**
   * Why it failed (`HTTP 500`, `timed out after 10000 ms`, `connect ECONNREFUSED`, `refused: …`); null on
   * success. Never an address the host resolved to: the agency reads it.
   */
  error: string | null;
}

export interface PostOptions {
  /** For the whole request: connecting, sending, the response's headers and what is read of its body. */
  timeoutMs: number;
  guard: WebhookTargetGuard;
}

/**
 * One POST of a webhook: no connection reuse, no redirects followed (a 3xx is a failure), the connection's
 * address checked by the SSRF guard, at most a few KB of the response read. A 2xx is success. Never throws.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, guard }: PostOptions,
): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Node connects to an IP literal without a lookup, so the guard's lookup would not see it.
  const literalRefusal = isIP(host) ? guard.refusalOf(host) : null;
  if (literalRefusal) {
    return Promise.resolve({
      succeeded: false,
      statusCode: null,
      latencyMs: 0,
      error: `refused: ${literalRefusal}; webhooks may only reach public addresses`,
    });
  }

  return new Promise<WebhookAttemptResult>((resolve) => {
    let settled = false;
    let responseStatus: number | null = null;
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body, 'utf8')) },
      agent: false,
      lookup: guard.lookup,
    });
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      const succeeded = error === null && statusCode !== null && statusCode >= 200 && statusCode < 300;
      resolve({
        succeeded,
        statusCode,
        latencyMs: elapsed(),
        error: succeeded ? null : (error ?? statusError(statusCode)),
      });
    };
    const timer = setTimeout(() => finish(responseStatus, `timed out after ${timeoutMs} ms`), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish(null, describeRequestError(error)));
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? null;
      responseStatus = statusCode;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= RESPONSE_READ_LIMIT_BYTES) finish(statusCode, null);
      });
      response.on('end', () => finish(statusCode, null));
      response.on('error', () => finish(statusCode, null));
    });
    request.end(body);
  });
}

/**
 * A failed request in words that name no address: Node's messages do (`connect ECONNREFUSED 10.0.0.5:443`,
 * TLS altname errors), and the host's addresses are not the agency's to learn. The system call and error code
 * say what went wrong; the guard's refusal is its own message.
 */
export function describeRequestError(error: NodeJS.ErrnoException): string {
  if (error.code === TARGET_REFUSED_CODE) return error.message;
  if (error.code) return error.syscall ? `${error.syscall} ${error.code}` : error.code;
  return 'request failed';
}

function statusError(statusCode: number | null): string {
  if (statusCode === null) return 'no response';
  if (statusCode >= 300 && statusCode < 400) return `HTTP ${statusCode} (redirects are not followed)`;
  return `HTTP ${statusCode}`;
}
