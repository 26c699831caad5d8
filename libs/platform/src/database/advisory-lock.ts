import { type EntityManager } from 'typeorm';

/**
 * A lock on `key` (e.g. `consent:<id>`) until the transaction ends: exclusive, or shared with other shared holders.
 * For rows of append-only tables, which the app role cannot lock with FOR UPDATE or FOR SHARE (both need the
 * UPDATE privilege it does not have, README "Database roles"). Every party that serialises on such a row takes
 * this lock instead.
 */
export async function lockKey(manager: EntityManager, key: string, mode: 'exclusive' | 'shared'): Promise<void> {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT ${lock}(hashtextextended($1, 0))`, [`tsunagu.${key}`]);
}
