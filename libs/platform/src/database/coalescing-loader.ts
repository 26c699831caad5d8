import DataLoader from 'dataloader';

/** Most keys one statement takes: a batch beyond it is split. */
export const COALESCE_MAX_BATCH = 100;

/**
 * Statements one loader may have running at once, by default. Below it, calls go out as they come, each on a
 * connection of its own, as they would without a loader; batches form only once that many are running.
 */
export const COALESCE_CONCURRENCY = 4;

/** How a coalescing loader batches. */
export interface CoalescingOptions {
  /** Most keys one statement takes (default COALESCE_MAX_BATCH). */
  maxBatchSize?: number;
  /** Statements that may run at once (default COALESCE_CONCURRENCY). */
  concurrency?: number;
}

/**
 * A loader that runs one statement for many callers: the calls made while the loader's statements are all
 * running are collected and sent together, as one multi-row statement, when one of them returns.
 *
 * While fewer than `concurrency` of its statements run, a call goes out at once (after the current
 * microtasks, DataLoader's usual window, which batches only the calls made together): at a moderate rate
 * nothing waits. Under load, when callers would otherwise queue for the pool's connections one statement each,
 * they share one round trip instead, so the process and PostgreSQL do the work of one statement for the whole
 * batch. A loader never takes more than `concurrency` of the pool's connections (a batch split for size waits
 * for a slot too).
 *
 * `run` gets the keys in call order and returns one result per key, in the same order (an `Error` fails that
 * call alone). When it throws for a batch of several keys, each key is tried again alone, one after another,
 * so that a key the statement cannot take fails its own call and not its batch's: `run` must be safe to repeat
 * for a key (a statement that failed did nothing, but one whose answer was lost may have). Nothing is cached:
 * each call is a statement's result of its own.
 */
export function coalescingLoader<K, V>(
  run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  { maxBatchSize = COALESCE_MAX_BATCH, concurrency = COALESCE_CONCURRENCY }: CoalescingOptions = {},
): DataLoader<K, V> {
  let running = 0;
  /** The dispatches of batches waiting for a slot, oldest first. */
  const waiting: (() => void)[] = [];
  /** A batch returned: its slot goes to the oldest waiting batch, or is freed. */
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return new DataLoader<K, V>(
    (keys) => {
      // A lone key's failure is its own; a batch's is retried key by key.
      const batch = keys.length === 1 ? run(keys) : run(keys).catch(() => oneByOne(run, keys));
      batch.then(release, release);
      return batch;
    },
    {
      cache: false,
      maxBatchSize,
      // Called when a new batch gets its first key; `dispatch` sends it (and the batch takes no more keys).
      batchScheduleFn: (dispatch) => {
        if (running < concurrency) {
          running += 1;
          void Promise.resolve().then(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
}

/** The keys of a failed batch, each alone: every call gets its own result or its own error. */
async function oneByOne<K, V>(
  run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  keys: readonly K[],
): Promise<(V | Error)[]> {
  const results: (V | Error)[] = [];
  for (const key of keys) {
    try {
      const [result] = await run([key]);
      results.push(result);
    } catch (error) {
      results.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return results;
}
