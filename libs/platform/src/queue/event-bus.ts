import { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import { type AppConfig } from '../config/config.schema.js';
import { redisOptionsFromUrl } from './redis-url.js';

/** What a live subscriber receives for one event: the outbox event's id, type and payload. */
export interface BusEvent {
  id: string;
  type: string;
  agencyIds: string[];
  payload: Record<string, unknown>;
  occurredAt: string;
}

export type EventBus = ReturnType<typeof mqemitterRedis>;

export interface EventBusLogger {
  warn(message: string): void;
}

/**
 * The cross-process event bus (Redis pub/sub through mqemitter-redis): the worker emits, every API
 * instance's subscriptions listen, so a subscriber on any instance gets events caused on any other.
 * While Redis is unreachable the connections retry in the background and the process keeps serving.
 */
export function createEventBus(config: Pick<AppConfig, 'REDIS_URL'>, logger?: EventBusLogger): EventBus {
  const connection = () => new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null });
  const bus = mqemitterRedis({ subConn: connection(), pubConn: connection() });
  let warned = false;
  const state = (bus as unknown as { state: NodeJS.EventEmitter }).state;
  state.on('error', (error: Error) => {
    if (!warned) logger?.warn(`event bus: Redis unreachable (${error.message}); retrying`);
    warned = true;
  });
  state.on('subConnect', () => {
    warned = false;
  });
  return bus;
}

/** Closes the bus, or drops its connections when Redis does not answer in time. */
export async function closeEventBus(bus: EventBus, timeoutMs = 2000): Promise<void> {
  const connections = bus as unknown as { subConn: Redis; pubConn: Redis };
  await Promise.race([
    new Promise<void>((resolve) => bus.close(() => resolve())),
    new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
  connections.subConn.disconnect();
  connections.pubConn.disconnect();
}

/** The bus topic of one agency's events (prefixed, so deployments sharing a Redis stay apart). */
export function agencyTopic(config: Pick<AppConfig, 'REDIS_PREFIX'>, agencyId: string): string {
  return `${config.REDIS_PREFIX}/agency/${agencyId}`;
}
