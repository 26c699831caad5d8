import { type BusEvent } from '@tsunagu/platform';

/**
 * One way of telling agencies about an event (live subscriptions, SLA and consent clocks, e-mail, webhooks).
 * The fan-out job runs every channel, each as a step whose success is recorded on the outbox row by `name`
 * (so a name must stay stable, at most 32 characters); a retry runs only the channels not recorded. A channel
 * may still see an event again (its step succeeded but the record failed, or a worker died in between), so it
 * must tolerate that: receivers deduplicate on the event id, and channels with their own retries (webhooks,
 * e-mail) enqueue their deliveries under deterministic job ids rather than deliver inline.
 */
export interface FanOutChannel {
  readonly name: string;
  deliver(event: BusEvent): Promise<void>;
}

/** The channels of the fan-out, in order (a list provider). */
export const FAN_OUT_CHANNELS = Symbol('FAN_OUT_CHANNELS');
