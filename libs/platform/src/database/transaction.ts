import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceUnavailableError } from '../errors/domain-error.js';
import { serviceUnavailable, transientKind } from './transient-errors.js';

export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /**
   * The work may run twice even after a commit whose answer was lost (it finds its own earlier commit and
   * changes nothing, as createReferral with an idempotency key does). Otherwise a connection lost during the
   * commit is not retried: the caller gets SERVICE_UNAVAILABLE with `reason: OUTCOME_UNKNOWN`.
   */
  idempotent?: boolean;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** The first backoff in ms (default 100); it doubles per retry, with full jitter over its upper half. */
  backoffMs?: number;
  /** Told of every retry (the metrics, a log line). */
  onRetry?: (attempt: number, error: unknown) => void;
}

export const DEFAULT_TRANSACTION_RETRIES = 3;
const DEFAULT_BACKOFF_MS = 100;
const logger = new Logger('Transaction');

/**
 * Runs `work` in one transaction, again (up to `retries` times, with jittered backoff) when it failed in a way
 * that left nothing committed and may pass on a second try: a serialization failure or deadlock (PostgreSQL
 * rolled it back), or a lost / refused connection before COMMIT was sent. `work` must therefore only change
 * the database (no messages to Redis or elsewhere that a rollback would not undo) and may run more than once.
 *
 * A connection lost while COMMIT was in flight is ambiguous (the commit may have happened): retried only for
 * `idempotent` work. When the retries run out the caller gets ServiceUnavailableError (SERVICE_UNAVAILABLE,
 * `retryable: true`); other errors pass unchanged. Called with a manager already inside a transaction, `work`
 * runs in it, without retries (the outer transaction owns them).
 */
export async function runTransaction<T>(
  target: DataSource | EntityManager,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (!(target instanceof DataSource) && target.queryRunner?.isTransactionActive) return work(target);
  const dataSource = target instanceof DataSource ? target : target.connection;
  return withRetries(options, async (attempt) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction(options.isolation);
      const result = await work(runner.manager);
      attempt.committing = true;
      await runner.commitTransaction();
      return result;
    } catch (error) {
      // TypeORM releases a runner whose connection emitted an error (the backend terminated, the socket closed);
      // later queries on it fail with QueryRunner(Provider)AlreadyReleasedError: a lost connection too.
      attempt.lost = runner.isReleased;
      if (!attempt.lost && runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release().catch(() => undefined);
    }
  });
}

/**
 * Runs `work` without an explicit transaction: each of its statements commits on its own, so `work` must be
 * one whose every statement leaves the database consistent (one data-modifying statement, reads before it) and
 * whose repetition changes nothing twice: it is retried, with the backoff of runTransaction, after every
 * transient failure, a connection lost during its last statement included. Saves the BEGIN and COMMIT round
 * trips where one statement is the whole change.
 */
export async function runAutocommit<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: Omit<TransactionOptions, 'isolation' | 'idempotent'> = {},
): Promise<T> {
  return withRetries({ ...options, idempotent: true }, () => work(dataSource.manager));
}

interface Attempt {
  /** COMMIT was sent: a connection lost now leaves the outcome unknown. */
  committing: boolean;
  /** The attempt's connection was lost (TypeORM released its runner). */
  lost: boolean;
}

async function withRetries<T>(options: TransactionOptions, run: (attempt: Attempt) => Promise<T>): Promise<T> {
  const retries = options.retries ?? DEFAULT_TRANSACTION_RETRIES;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  for (let number = 0; ; number++) {
    const attempt: Attempt = { committing: false, lost: false };
    try {
      return await run(attempt);
    } catch (error) {
      const kind = transientKind(error) ?? (attempt.lost ? 'connection' : undefined);
      // Only the database's own failures are retried here; a dependency that timed out would only time out again.
      if (!kind || kind === 'unavailable' || error instanceof ServiceUnavailableError) throw mapped(error, kind);
      if (attempt.committing && kind === 'connection' && !options.idempotent) {
        throw new ServiceUnavailableError(
          'The connection to the database was lost while the change was being committed: it may or may not have been applied',
          { reason: 'OUTCOME_UNKNOWN' },
          { cause: error },
        );
      }
      if (number >= retries) throw serviceUnavailable(kind, error);
      options.onRetry?.(number + 1, error);
      logger.warn(
        `retrying a transaction (${number + 1}/${retries}) after a ${kind} failure: ${(error as Error).message}`,
      );
      const ceiling = backoffMs * 2 ** number;
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}

function mapped(error: unknown, kind: ReturnType<typeof transientKind>): unknown {
  return kind && !(error instanceof ServiceUnavailableError) ? serviceUnavailable(kind, error) : error;
}
