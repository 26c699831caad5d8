import { type BusEvent } from '@tsunagu/platform';

/**
 * One way of telling agencies about an event (live subscriptions now; webhooks and email later). The fan-out
 * job runs every channel in order and is retried as a whole, so a channel must tolerate seeing the same event
 * again: receivers deduplicate on the event id, and channels with their own retries (webhooks) should enqueue
 * their deliveries under deterministic job ids rather than deliver inline.
 */
export interface FanOutChannel {
  readonly name: string;
  deliver(event: BusEvent): Promise<void>;
}

/** The channels of the fan-out, in order (a list provider). */
export const FAN_OUT_CHANNELS = Symbol('FAN_OUT_CHANNELS');
