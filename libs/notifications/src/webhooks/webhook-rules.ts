import { BadUserInputError, EVENT_TYPES, isEventPattern } from '@tsunagu/platform';

export const WEBHOOK_URL_MAX_LENGTH = 2048;
/** Patterns per endpoint: every type once, plus the group and `*` patterns. */
export const WEBHOOK_EVENTS_MAX = EVENT_TYPES.length + 8;

/** Machine-readable causes of a refused webhook URL (`extensions.reason`). */
export enum WebhookUrlProblem {
  URL_INVALID = 'URL_INVALID',
  URL_TOO_LONG = 'URL_TOO_LONG',
  URL_SCHEME = 'URL_SCHEME',
  URL_USERINFO = 'URL_USERINFO',
  URL_UNRESOLVABLE = 'URL_UNRESOLVABLE',
  URL_NOT_PUBLIC = 'URL_NOT_PUBLIC',
}

/**
 * The form of a webhook URL (its host is checked separately, by resolving it): absolute http(s), no
 * credentials in it, at most 2048 characters. Returns the parsed URL; throws BAD_USER_INPUT on `field`.
 */
export function parseWebhookUrl(value: string, field: string): URL {
  const refuse = (problem: WebhookUrlProblem, why: string) =>
    new BadUserInputError(field, `${field}: ${why}`, { reason: problem });
  if (value.length > WEBHOOK_URL_MAX_LENGTH) {
    throw refuse(WebhookUrlProblem.URL_TOO_LONG, `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(WebhookUrlProblem.URL_INVALID, 'is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(WebhookUrlProblem.URL_SCHEME, `must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) {
    throw refuse(
      WebhookUrlProblem.URL_USERINFO,
      'must not carry credentials (user:password@); authenticate with the signature',
    );
  }
  if (!url.hostname) throw refuse(WebhookUrlProblem.URL_INVALID, 'has no host');
  if (url.href.length > WEBHOOK_URL_MAX_LENGTH) {
    throw refuse(WebhookUrlProblem.URL_TOO_LONG, `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
  }
  return url;
}

/**
 * The event patterns of an endpoint (types of the catalogue, `<group>.*` or `*`), each once, in the order
 * given. An unknown one is BAD_USER_INPUT naming its position (`input.events.2`).
 */
export function normaliseEventPatterns(patterns: readonly string[], field: string): string[] {
  if (patterns.length === 0) throw new BadUserInputError(field, `${field}: name at least one event type`);
  if (patterns.length > WEBHOOK_EVENTS_MAX) {
    throw new BadUserInputError(field, `${field}: at most ${WEBHOOK_EVENTS_MAX} event types`);
  }
  patterns.forEach((pattern, index) => {
    if (!isEventPattern(pattern)) {
      throw new BadUserInputError(
        `${field}.${index}`,
        `${field}.${index}: ${JSON.stringify(pattern)} is not an event type, a group such as referral.*, or *`,
        { reason: 'UNKNOWN_EVENT_TYPE' },
      );
    }
  });
  return [...new Set(patterns)];
}
