import { ErrorCode, runAutocommit, runTransaction, ServiceUnavailableError, transientKind } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';
import { useScratchTable } from './support/scratch-table.js';

/**
 * The one transaction helper of the services against a real PostgreSQL: serialization failures, deadlocks and
 * connections lost before COMMIT are retried transparently; a connection lost during COMMIT is retried only
 * for idempotent work. A scratch table of its own, in the admin database (the app role may not create tables).
 */
describe('runTransaction', () => {
  const scratch = useScratchTable('retry_probe', 'id int PRIMARY KEY, value int NOT NULL', '(1, 0), (2, 0)');
  const { table } = scratch;

  const valueOf = async (id: number) =>
    (await scratch.dataSource.query<{ value: number }[]>(`SELECT value FROM ${table} WHERE id = $1`, [id]))[0].value;
  const backendPid = async (manager: EntityManager) =>
    (await manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0].pid;

  it('retries a serialization failure (40001) and commits once', async () => {
    let attempts = 0;
    const retries: unknown[] = [];
    const result = await runTransaction(
      scratch.dataSource,
      async (manager) => {
        attempts++;
        await manager.query(`SELECT value FROM ${table} WHERE id = 1`); // the snapshot is taken here
        if (attempts === 1) await scratch.other.query(`UPDATE ${table} SET value = value + 100 WHERE id = 1`);
        await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 1`);
        return attempts;
      },
      { isolation: 'REPEATABLE READ', onRetry: (_attempt, error) => retries.push(error) },
    );
    expect(result).toBe(2);
    expect(retries.map((error) => transientKind(error))).toEqual(['conflict']);
    expect((retries[0] as { driverError: { code: string } }).driverError.code).toBe('40001');
    expect(await valueOf(1)).toBe(101);
  });

  it('retries the victim of a deadlock (40P01)', async () => {
    let attempts = 0;
    const codes: string[] = [];
    await scratch.other.query('BEGIN');
    try {
      const result = await runTransaction(
        scratch.dataSource,
        async (manager) => {
          attempts++;
          await manager.query(`SET LOCAL deadlock_timeout = '50ms'`);
          await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 1`);
          if (attempts === 1) {
            await scratch.other.query(`UPDATE ${table} SET value = value + 10 WHERE id = 2`);
            // `other` then waits for row 1 (ours) while we wait for row 2 (its): one of the two is the victim.
            const blocked = scratch.other.query(`UPDATE ${table} SET value = value + 10 WHERE id = 1`).then(
              () => scratch.other.query('COMMIT'),
              async (error: unknown) => {
                await scratch.other.query('ROLLBACK');
                throw error;
              },
            );
            blocked.catch(() => undefined);
            try {
              await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 2`);
            } finally {
              await blocked.catch((error: { code?: string }) => codes.push(`other:${error.code}`));
            }
          } else {
            await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 2`);
          }
          return attempts;
        },
        {
          onRetry: (_attempt, error) =>
            codes.push(`ours:${(error as { driverError?: { code?: string } }).driverError?.code}`),
        },
      );
      // Ours checks for deadlocks after 50 ms, `other` after the default 1 s: ours is the victim, and is retried.
      expect(codes).toEqual(['ours:40P01']);
      expect(result).toBe(2);
      expect([await valueOf(1), await valueOf(2)]).toEqual([11, 11]);
    } finally {
      await scratch.other.query('ROLLBACK').catch(() => undefined);
    }
  });

  it('retries when the connection is terminated before COMMIT, and nothing of the lost attempt remains', async () => {
    let attempts = 0;
    const result = await runTransaction(scratch.dataSource, async (manager) => {
      attempts++;
      await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 1`);
      if (attempts === 1) await scratch.other.query('SELECT pg_terminate_backend($1)', [await backendPid(manager)]);
      await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 2`);
      return attempts;
    });
    expect(result).toBe(2);
    expect([await valueOf(1), await valueOf(2)]).toEqual([1, 1]);
  });

  /** Work whose COMMIT, on the first attempt only, finds its connection terminated. */
  const lostDuringCommit = (counter: { attempts: number }) => async (manager: EntityManager) => {
    counter.attempts++;
    await manager.query(`UPDATE ${table} SET value = value + 1 WHERE id = 1`);
    const runner = manager.queryRunner!;
    if (counter.attempts === 1) {
      const pid = await backendPid(manager);
      const commit = runner.commitTransaction.bind(runner);
      runner.commitTransaction = async () => {
        await scratch.other.query('SELECT pg_terminate_backend($1)', [pid]);
        return commit();
      };
    }
    return counter.attempts;
  };

  it('does not retry non-idempotent work when the connection is lost during COMMIT: OUTCOME_UNKNOWN', async () => {
    const counter = { attempts: 0 };
    const error = await runTransaction(scratch.dataSource, lostDuringCommit(counter)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect((error as ServiceUnavailableError).details).toEqual({ reason: 'OUTCOME_UNKNOWN', retryable: false });
    expect(counter.attempts).toBe(1);
  });

  it('retries idempotent work when the connection is lost during COMMIT', async () => {
    const counter = { attempts: 0 };
    expect(await runTransaction(scratch.dataSource, lostDuringCommit(counter), { idempotent: true })).toBe(2);
    expect(await valueOf(1)).toBe(1);
  });

  it('gives up after the bounded retries with SERVICE_UNAVAILABLE, retryable', async () => {
    let attempts = 0;
    const error = await runTransaction(
      scratch.dataSource,
      async (manager) => {
        attempts++;
        await scratch.other.query('SELECT pg_terminate_backend($1)', [await backendPid(manager)]);
        await manager.query('SELECT 1');
      },
      { retries: 2, backoffMs: 1 },
    ).catch((caught: unknown) => caught);
    expect(attempts).toBe(3);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).details).toMatchObject({
      reason: 'DATABASE_UNAVAILABLE',
      retryable: true,
      retryAfter: expect.any(Number) as number,
    });
  });

  it('passes other errors through without retrying', async () => {
    let attempts = 0;
    const error = await runTransaction(scratch.dataSource, async (manager) => {
      attempts++;
      await manager.query(`INSERT INTO ${table} (id, value) VALUES (1, 0)`); // unique violation
    }).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(transientKind(error)).toBeUndefined();
    expect((error as { driverError: { code: string } }).driverError.code).toBe('23505');
  });

  describe('runAutocommit', () => {
    /** The statement changes row 1 only from the value read: run twice, it changes it once. */
    /** The statement changes row 1 only from the value read: run twice, it changes it once. */
    const guardedIncrement = (manager: EntityManager, seen: number, slow: boolean) =>
      manager.query<{ value: number }[]>(
        `WITH "changed" AS (
           UPDATE ${table} SET value = value + 1 WHERE id = 1 AND value = $1 ${slow ? 'AND pg_sleep(1) IS NOT NULL' : ''}
           RETURNING value
         )
         SELECT value FROM "changed"`,
        [seen],
      );

    it('retries work whose statement lost its connection, and the guard keeps the change single', async () => {
      let attempts = 0;
      const result = await runAutocommit(
        scratch.dataSource,
        async (manager) => {
          attempts++;
          const seen = await valueOf(1);
          if (attempts === 1) {
            const running = guardedIncrement(manager, seen, true);
            await new Promise((resolve) => setTimeout(resolve, 200));
            await scratch.other.query(
              `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(1)%' AND pid <> pg_backend_pid()`,
            );
            await running;
          }
          const rows = await guardedIncrement(manager, seen, false);
          return rows[0]?.value ?? seen;
        },
        { backoffMs: 1 },
      );
      // At least one retry (more if the pool hands out a connection an earlier test terminated).
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(result).toBe(1);
      expect(await valueOf(1)).toBe(1);
    });

    it('runs no transaction around the work: each statement commits on its own', async () => {
      const error = await runAutocommit(scratch.dataSource, async (manager) => {
        await manager.query(`UPDATE ${table} SET value = 7 WHERE id = 2`);
        await manager.query(`INSERT INTO ${table} (id, value) VALUES (1, 0)`); // unique violation
      }).catch((caught: unknown) => caught);
      expect((error as { driverError: { code: string } }).driverError.code).toBe('23505');
      expect(await valueOf(2)).toBe(7);
    });
  });
});
