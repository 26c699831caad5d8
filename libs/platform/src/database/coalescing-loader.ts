import DataLoader from 'dataloader';

/** Most keys one statement takes: a batch beyond it is split (each part waits its turn). */
export const COALESCE_MAX_BATCH = 100;

/**
 * A loader that runs one statement for many callers: the calls made while the loader's statement is running
 * are collected and sent together, as one multi-row statement, when it returns.
 *
 * With no statement running, a call goes out at once (after the current microtasks, DataLoader's usual
 * window): a lone caller waits for nothing. Under load, when callers would otherwise queue for the pool's
 * connections one statement each, they share one round trip instead, so the process and PostgreSQL do the work
 * of one statement for the whole batch. One batch per loader runs at a time (a batch split for size waits its
 * turn too), so the loader never takes more than one of the pool's connections.
 *
 * `run` gets the keys in call order and returns one result per key, in the same order (an `Error` fails that
 * call alone). When it throws for a batch of several keys, each key is tried again alone, one after another,
 * so that a key the statement cannot take fails its own call and not its batch's: `run` must be safe to repeat
 * for a key (a statement that failed did nothing, but one whose answer was lost may have). Nothing is cached:
 * each call is a statement's result of its own.
 */
export function coalescingLoader<K, V>(
  run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  maxBatchSize = COALESCE_MAX_BATCH,
): DataLoader<K, V> {
  let busy = false;
  /** The dispatches of batches waiting for the running one, oldest first. */
  const waiting: (() => void)[] = [];
  /** The running batch returned: the oldest waiting batch goes next. */
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
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
        if (busy) {
          waiting.push(dispatch);
        } else {
          busy = true;
          void Promise.resolve().then(dispatch);
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
