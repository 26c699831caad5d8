import { runAlongside, runTransaction } from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ADMIN_URL, useScratchTable } from './support/scratch-table.js';

/**
 * A read on a second connection in the snapshot of a REPEATABLE READ transaction, against a real PostgreSQL:
 * it sees what the transaction sees and nothing committed since, runs while the transaction's own connection
 * is busy, and is not started when the pool has no idle connection. A scratch table of its own, in the admin
 * database (the app role may not create tables).
 */
describe('runAlongside', () => {
  const scratch = useScratchTable('alongside_probe', 'id int PRIMARY KEY', '(1), (2)');
  const { table } = scratch;

  const countOf = async (manager: EntityManager) =>
    (await manager.query<{ rows: number }[]>(`SELECT count(*)::int AS rows FROM ${table}`))[0].rows;
  const pidOf = async (manager: EntityManager) =>
    (await manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0].pid;

  it('reads in the snapshot of the transaction, on another connection, while that connection is busy', async () => {
    const seen = await runTransaction(
      scratch.dataSource,
      async (manager) => {
        const before = await countOf(manager); // the snapshot is taken here
        const pid = await pidOf(manager);
        await scratch.other.query(`INSERT INTO ${table} (id) VALUES (3)`); // committed after it
        // The read starts only once runAlongside has returned, then holds a lock this connection waits for,
        // and watches this connection wait: it cannot have run before returning, nor this connection's
        // statement waited for it to end. No timing: the lock is held until the read has seen the wait.
        const lock = Math.floor(Math.random() * 2 ** 31);
        let release!: () => void;
        const returned = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const held = new Promise<void>((resolve) => (locked = resolve));
        const alongside = await runAlongside(manager, async (reader) => {
          await returned;
          await reader.query('SELECT pg_advisory_xact_lock($1)', [lock]); // until the read's transaction ends
          locked();
          let overlapped = false;
          for (let tries = 0; tries < 1000 && !overlapped; tries++) {
            // A transaction keeps its first reading of pg_stat_activity unless told to read it again.
            await reader.query('SELECT pg_stat_clear_snapshot()');
            const [{ state }] = await reader.query<{ state: string | null }[]>(
              `SELECT state FROM pg_stat_activity WHERE pid = $1`,
              [pid],
            );
            overlapped = state === 'active';
            if (!overlapped) await reader.query('SELECT pg_sleep(0.01)');
          }
          return { rows: await countOf(reader), pid: await pidOf(reader), overlapped };
        });
        expect(alongside).not.toBeNull();
        release();
        await held;
        const [, read] = await Promise.all([
          manager.query('SELECT pg_advisory_xact_lock($1)', [lock]),
          alongside?.result,
        ]);
        return { before, read, pid };
      },
      { isolation: 'REPEATABLE READ' },
    );
    expect(seen.read?.overlapped).toBe(true);
    expect(seen.read?.rows).toBe(seen.before);
    expect(seen.read?.rows).toBe(2);
    expect(seen.read?.pid).not.toBe(seen.pid);
    expect(await countOf(scratch.dataSource.manager)).toBe(3);
  });

  it('starts nothing when the pool has no connection at hand, so the caller reads on its own', async () => {
    const single = new DataSource({ type: 'postgres', url: ADMIN_URL, extra: { max: 1 } });
    await single.initialize();
    try {
      const alongside = await runTransaction(
        single,
        async (manager) => {
          await countOf(manager);
          return runAlongside(manager, countOf);
        },
        { isolation: 'REPEATABLE READ' },
      );
      expect(alongside).toBeNull();
    } finally {
      await single.destroy();
    }
  });

  it('takes its connection at once, so another start in the same moment finds none at hand', async () => {
    const pair = new DataSource({ type: 'postgres', url: ADMIN_URL, extra: { max: 2 } });
    await pair.initialize();
    try {
      await runTransaction(
        pair,
        async (manager) => {
          await countOf(manager);
          // Both start before either has exported the snapshot: the first has the pool's last connection.
          const [first, second] = await Promise.all([runAlongside(manager, countOf), runAlongside(manager, countOf)]);
          expect(second).toBeNull();
          expect(await first?.result).toBe(2);
        },
        { isolation: 'REPEATABLE READ' },
      );
    } finally {
      await pair.destroy();
    }
  });

  it('gives back the connection it took when the snapshot cannot be exported', async () => {
    const pair = new DataSource({ type: 'postgres', url: ADMIN_URL, extra: { max: 2 } });
    await pair.initialize();
    const pool = (pair.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    try {
      const seen = await runTransaction(
        pair,
        async (manager) => {
          await countOf(manager);
          await manager.query('SELECT 1 / 0').catch(() => undefined); // the transaction is now aborted
          const failure = await runAlongside(manager, countOf).then(
            () => null,
            (error: Error) => error.message,
          );
          return { failure, busy: pool.totalCount - pool.idleCount };
        },
        { isolation: 'REPEATABLE READ' },
      ).catch((error: Error) => ({ failure: `the transaction failed: ${error.message}`, busy: -1 }));
      expect(seen.failure).toMatch(/current transaction is aborted/);
      expect(seen.busy).toBe(1); // the transaction's own connection only
    } finally {
      await pair.destroy();
    }
  });

  it('passes the failure of the read to whoever awaits it, and leaves the transaction usable', async () => {
    await runTransaction(
      scratch.dataSource,
      async (manager) => {
        await countOf(manager);
        const failing = await runAlongside(manager, (reader) => reader.query('SELECT * FROM no_such_table'));
        await expect(failing?.result).rejects.toThrow(/no_such_table/);
        expect(await countOf(manager)).toBe(2);
      },
      { isolation: 'REPEATABLE READ' },
    );
  });
});
