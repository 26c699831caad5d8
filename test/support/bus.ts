import { agencyTopic, closeEventBus, createEventBus, type BusEvent } from '@tsunagu/platform';
import { Redis } from 'ioredis';

export interface AgencyEvents {
  /** The events received for `agencyId`, of `type` when given, and matching `where` when given. */
  events(agencyId: string, type?: string, where?: (payload: Record<string, unknown>) => boolean): BusEvent[];
  close(): Promise<void>;
}

/** Listens on the event bus to the topics of these agencies (under `prefix`), recording what arrives. */
export async function listenToAgencies(
  redisUrl: string,
  prefix: string,
  agencyIds: readonly string[],
): Promise<AgencyEvents> {
  const bus = createEventBus({ REDIS_URL: redisUrl });
  (bus as unknown as { state: NodeJS.EventEmitter }).state.on('error', () => undefined);
  const byAgency = new Map<string, BusEvent[]>(agencyIds.map((id) => [id, []]));
  await Promise.all(
    agencyIds.map(
      (agencyId) =>
        new Promise<void>((resolve) => {
          bus.on(
            agencyTopic({ REDIS_PREFIX: prefix }, agencyId),
            (message, done) => {
              byAgency.get(agencyId)?.push(message.payload as BusEvent);
              done();
            },
            resolve,
          );
        }),
    ),
  );
  return {
    events: (agencyId, type, where) =>
      (byAgency.get(agencyId) ?? []).filter(
        (event) => (!type || event.type === type) && (!where || where(event.payload)),
      ),
    close: () => closeEventBus(bus),
  };
}

/** Deletes every Redis key of a test's prefix (queues keep completed jobs for a day otherwise). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  // Fails rather than waits when that Redis is not there.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}
