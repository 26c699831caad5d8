import mqemitterRedis from 'mqemitter-redis';
import { type AppConfig } from '../config/config.schema.js';

/** What a live subscriber receives for one event: the outbox event's id, type and payload. */
export interface BusEvent {
  id: string;
  type: string;
  agencyIds: string[];
  payload: Record<string, unknown>;
  occurredAt: string;
}

export type EventBus = ReturnType<typeof mqemitterRedis>;

/**
 * The cross-process event bus (Redis pub/sub through mqemitter-redis): the worker emits, every API
 * instance's subscriptions listen, so a subscriber on any instance gets events caused on any other.
 */
export function createEventBus(config: Pick<AppConfig, 'REDIS_URL'>): EventBus {
  return mqemitterRedis({ connectionString: config.REDIS_URL });
}

/** The bus topic of one agency's events (prefixed, so deployments sharing a Redis stay apart). */
export function agencyTopic(config: Pick<AppConfig, 'REDIS_PREFIX'>, agencyId: string): string {
  return `${config.REDIS_PREFIX}/agency/${agencyId}`;
}
