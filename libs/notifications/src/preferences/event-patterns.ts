import { BadUserInputError, isEventPattern } from '@tsunagu/platform';

/** More patterns than there are event types is a mistake, not a choice. */
export const MAX_EVENT_PATTERNS = 64;

/**
 * The event types (or `<group>.*`, `*` patterns) an agency chose for a channel, checked: each must name a
 * known type or group, else `BAD_USER_INPUT` naming the item (`input.eventTypes.1`). Duplicates are dropped,
 * the first occurrence kept in place. An empty list is a valid choice: the channel carries nothing.
 */
export function validEventPatterns(values: readonly string[], field: string): string[] {
  if (values.length > MAX_EVENT_PATTERNS) {
    throw new BadUserInputError(field, `At most ${MAX_EVENT_PATTERNS} event types or patterns`, {
      reason: 'TOO_MANY_EVENT_TYPES',
    });
  }
  values.forEach((value, index) => {
    if (!isEventPattern(value)) {
      throw new BadUserInputError(
        `${field}.${index}`,
        `"${value.slice(0, 64)}" is not an event type, a "<group>.*" pattern or "*" (see docs/notifications.md)`,
        { reason: 'UNKNOWN_EVENT_TYPE' },
      );
    }
  });
  return [...new Set(values)];
}
