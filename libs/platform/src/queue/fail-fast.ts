import { type Queue, type QueueOptions, type RedisOptions } from 'bullmq';

/** A dependency (Redis) did not answer in time: a transient failure (SERVICE_UNAVAILABLE in the API). */
export class DependencyTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DependencyTimeoutError';
  }
}

/** `promise`, or a rejection (DependencyTimeoutError) after `ms`. A late rejection of `promise` is swallowed. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeoutError(ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Options for a producer of `queue` (same Redis and prefix) that fails fast: the shared connection retries
 * every command forever, which suits workers, but would hold a caller's transaction open through a Redis
 * outage. `owner` names the producer in the error when the queue's connection cannot be copied.
 */
export function failFastQueueOptions(queue: Queue, timeoutMs: number, owner: string): QueueOptions {
  const { connection, prefix } = queue.opts;
  if (!connection || typeof connection !== 'object' || 'status' in connection) {
    throw new Error(`${owner} needs the queue connection as options (a url or host), not a client`);
  }
  const failFast: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  };
  return { prefix, connection: { ...(connection as RedisOptions), ...failFast } };
}
