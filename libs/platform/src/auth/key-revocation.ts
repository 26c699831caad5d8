import { type AppConfig } from '../config/config.schema.js';

/**
 * Published on the event bus after a revocation commits, so every API instance can close the sockets of the
 * revoked keys and drop what it holds for them. `keyIds` is the whole revoked set (the key and every key it
 * issued, transitively), including keys that were already revoked; `agencyIds` the agencies of those keys
 * (hub-admin keys have none).
 */
export interface KeysRevokedPayload {
  keyIds: string[];
  agencyIds: string[];
}

/** The bus topic of key revocations (prefixed, so deployments sharing a Redis stay apart). */
export function keysRevokedTopic(config: Pick<AppConfig, 'REDIS_PREFIX'>): string {
  return `${config.REDIS_PREFIX}/keys/revoked`;
}

/**
 * How a console session's sockets are named in a revocation's `keyIds`: publishing it closes that session's
 * subscriptions on every API instance (signing one session out), not the member's other sessions'.
 */
export function sessionSocketName(sessionId: string): string {
  return `session:${sessionId}`;
}
