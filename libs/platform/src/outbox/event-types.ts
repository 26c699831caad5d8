/**
 * Every event type a partner can be told of — live, by webhook or by e-mail. Referral types are
 * `referral.<history event type in lower case>`; a test in libs/referrals keeps the two lists in step.
 */
export const EVENT_TYPES = [
  'referral.created',
  'referral.routed',
  'referral.sent',
  'referral.acknowledged',
  'referral.accepted',
  'referral.declined',
  'referral.started',
  'referral.held',
  'referral.completed',
  'referral.failed',
  'referral.cancelled',
  'referral.forwarded',
  'referral.consent_withdrawn',
  'referral.due_soon',
  'referral.overdue',
  'referral.escalated',
  'referral.consent_expired',
  'referral.message_posted',
  'consent.recorded',
  'consent.expiring_soon',
  'consent.expired',
  'consent.withdrawn',
  'webhook.disabled',
  'conference.scheduled',
  'conference.agency_added',
  'conference.cancelled',
  'conference.recorded',
  'task.assigned',
  'task.due_soon',
  'task.overdue',
  'task.escalated',
  'task.completed',
  'task.dropped',
  'plan.revised',
  'plan.review_scheduled',
  'plan.review_due',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** What a subscription to event types may name: a type, `<group>.*` (e.g. `referral.*`), or `*` for all. */
export function isEventPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) {
    const group = pattern.slice(0, -1);
    return EVENT_TYPES.some((type) => type.startsWith(group));
  }
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

/** Whether `type` is one of the types `patterns` name. */
export function matchesEventPatterns(type: string, patterns: readonly string[]): boolean {
  return patterns.some(
    (pattern) =>
      pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}
