/**
 * Label values from small fixed sets. Prometheus keeps one series per combination of label values, so a value
 * taken from a request (a path, a method, a name) is mapped onto a bounded set first.
 */

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HTTP method, or OTHER for anything outside the usual seven. */
export function methodLabel(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : 'OTHER';
}

/**
 * The route's pattern (`/health/ready`, `/graphql`), never the requested path: a request that matched no
 * route is `unmatched`, whatever path it asked for.
 */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern && routePattern.startsWith('/') ? routePattern : 'unmatched';
}

/** The status code as a number string, or `unknown` outside 100–599. */
export function statusLabel(statusCode: number | undefined): string {
  return statusCode !== undefined && Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599
    ? String(statusCode)
    : 'unknown';
}

/** `value` when it is one of `allowed`, else `fallback` (for enum-valued labels read from rows). */
export function boundedLabel(
  value: string | null | undefined,
  allowed: readonly string[],
  fallback = 'unknown',
): string {
  return value && allowed.includes(value) ? value : fallback;
}

/** What is known of a failed outbound HTTP attempt (a webhook POST). */
export interface FailedAttempt {
  statusCode: number | null;
  error: string | null;
}

/**
 * Why an outbound POST failed, as one of http_3xx, http_4xx, http_5xx, http_other, timeout, refused (the
 * SSRF guard refused the address) or network (DNS, connection refused or reset, TLS).
 */
/** Every value `attemptFailureReason` returns. */
export const ATTEMPT_FAILURE_REASONS = [
  'http_3xx',
  'http_4xx',
  'http_5xx',
  'http_other',
  'timeout',
  'refused',
  'network',
] as const;

export function attemptFailureReason({ statusCode, error }: FailedAttempt): (typeof ATTEMPT_FAILURE_REASONS)[number] {
  const message = error ?? '';
  if (message.startsWith('timed out')) return 'timeout';
  if (message.startsWith('refused')) return 'refused';
  if (statusCode !== null) {
    const family = Math.floor(statusCode / 100);
    return family === 3 ? 'http_3xx' : family === 4 ? 'http_4xx' : family === 5 ? 'http_5xx' : 'http_other';
  }
  return 'network';
}
