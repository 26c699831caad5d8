import { type EntityManager } from 'typeorm';

/** The pg pool behind a DataSource, as far as it is read here. */
interface PoolCounts {
  idleCount: number;
  totalCount: number;
  waitingCount: number;
  options: { max: number };
}

/** Whether a connection can be had at once: an idle one, or room for a new one, and nobody waiting. */
function connectionAtHand(pool: PoolCounts | undefined): boolean {
  if (!pool || pool.waitingCount > 0) return false;
  return pool.idleCount > 0 || pool.totalCount < pool.options.max;
}

/** An exported snapshot's id, as `pg_export_snapshot()` writes it (e.g. `00000003-0000001B-1`). */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i;

/** Work started on a second connection; `result` settles when it is done (a promise kept apart, so that
 * awaiting the start does not wait for the end). */
export interface Alongside<T> {
  result: Promise<T>;
}

/**
 * Starts `work` on a second pooled connection, in a read-only transaction that imports the snapshot of the
 * `REPEATABLE READ` transaction `manager` is in (PostgreSQL's `pg_export_snapshot` / `SET TRANSACTION
 * SNAPSHOT`): it sees exactly what that transaction sees, while that transaction's connection runs other
 * statements, so both run at once on the database's cores.
 *
 * Null, and nothing started, when the pool has no connection at hand at that moment (idle, or room for a new
 * one): a request that holds a connection never waits for a second one, which with enough such requests at
 * once could take the whole pool.
 * `result` is the caller's to await; it is marked handled so that a caller failing first does not leave it
 * unhandled. `work` runs once: it must only read.
 */
export async function runAlongside<T>(
  manager: EntityManager,
  work: (alongside: EntityManager) => Promise<T>,
): Promise<Alongside<T> | null> {
  const dataSource = manager.connection;
  const pool = (dataSource.driver as { master?: PoolCounts }).master;
  if (!connectionAtHand(pool)) return null;
  // The connection is taken now, while it is at hand: the pool hands it out in this same turn of the event
  // loop, before another request can, rather than after the snapshot's export below.
  const runner = dataSource.createQueryRunner();
  const connected = runner.connect();
  let snapshot: string;
  try {
    [{ snapshot }] = await manager.query<{ snapshot: string }[]>('SELECT pg_export_snapshot() AS snapshot');
    if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`unexpected snapshot id ${JSON.stringify(snapshot)}`);
  } catch (error) {
    await connected.catch(() => undefined);
    await runner.release();
    throw error;
  }
  const run = async (): Promise<T> => {
    try {
      await connected;
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      if (!runner.isReleased) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  };
  const result = run();
  result.catch(() => undefined);
  return { result };
}
