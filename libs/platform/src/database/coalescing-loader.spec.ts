import { coalescingLoader } from './coalescing-loader.js';

/** A batch function whose batches finish when the test says so, recording what each got. */
function controlledBatches() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run = async (keys: readonly number[]): Promise<(string | Error)[]> => {
    batches.push([...keys]);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => finish.push(resolve));
    running -= 1;
    return keys.map((key) => (key < 0 ? new Error(`no ${key}`) : `value ${key}`));
  };
  return { run, batches, finish, mostAtOnce: () => mostAtOnce };
}

/** Lets the loader's scheduled work (promise jobs and ticks) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescingLoader', () => {
  it('sends a lone call at once, on its own', async () => {
    const batches: number[][] = [];
    const loader = coalescingLoader<number, number>((keys) => {
      batches.push([...keys]);
      return Promise.resolve(keys.map((key) => key * 2));
    });
    await expect(loader.load(21)).resolves.toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('sends the calls made while a batch runs together, as the next batch, each getting its own result', async () => {
    const { run, batches, finish } = controlledBatches();
    const loader = coalescingLoader<number, string>(run, { concurrency: 1 });
    const first = loader.load(1);
    await settle();
    expect(batches).toEqual([[1]]);

    const waiting = [loader.load(2), loader.load(3)];
    await settle();
    const later = loader.load(4);
    await settle();
    expect(batches).toEqual([[1]]); // nothing else is sent while the first batch runs

    finish[0]();
    await expect(first).resolves.toBe('value 1');
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    finish[1]();
    await expect(Promise.all([...waiting, later])).resolves.toEqual(['value 2', 'value 3', 'value 4']);
  });

  it('runs one batch at a time, also when a batch is split for size', async () => {
    const { run, batches, finish, mostAtOnce } = controlledBatches();
    const loader = coalescingLoader<number, string>(run, { maxBatchSize: 2, concurrency: 1 });
    const results = Promise.all([1, 2, 3, 4, 5].map((key) => loader.load(key)));
    for (let i = 0; i < 3; i += 1) {
      await settle();
      expect(batches).toHaveLength(i + 1);
      finish[i]();
    }
    await expect(results).resolves.toEqual(['value 1', 'value 2', 'value 3', 'value 4', 'value 5']);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(mostAtOnce()).toBe(1);
  });

  it('sends calls at once while it has a free slot; the calls made when none is free wait together for one', async () => {
    const { run, batches, finish, mostAtOnce } = controlledBatches();
    const loader = coalescingLoader<number, string>(run, { concurrency: 2 });
    const first = loader.load(1);
    await settle();
    const second = loader.load(2);
    await settle();
    expect(batches).toEqual([[1], [2]]); // a free slot: the second call did not wait
    const waiting = [loader.load(3), loader.load(4)];
    await settle();
    expect(batches).toHaveLength(2);

    finish[1]();
    await expect(second).resolves.toBe('value 2');
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    finish[0]();
    finish[2]();
    await expect(Promise.all([first, ...waiting])).resolves.toEqual(['value 1', 'value 3', 'value 4']);
    expect(mostAtOnce()).toBe(2);
  });

  it('fails only the call whose result is an error', async () => {
    const { run, finish } = controlledBatches();
    const loader = coalescingLoader<number, string>(run);
    const calls = [loader.load(1), loader.load(-1)];
    await settle();
    finish[0]();
    await expect(calls[0]).resolves.toBe('value 1');
    await expect(calls[1]).rejects.toThrow('no -1');
  });

  it('tries the keys of a failed batch one by one, so that only the key the statement cannot take fails', async () => {
    const batches: string[][] = [];
    const loader = coalescingLoader<string, string>((keys) => {
      batches.push([...keys]);
      if (keys.includes('bad')) return Promise.reject(new Error('value too long'));
      return Promise.resolve(keys.map((key) => key.toUpperCase()));
    });
    const calls = ['a', 'bad', 'c'].map((key) => loader.load(key));
    await expect(calls[0]).resolves.toBe('A');
    await expect(calls[1]).rejects.toThrow('value too long');
    await expect(calls[2]).resolves.toBe('C');
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails every call of a batch when the statement fails for each key, and sends the next batch all the same', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const loader = coalescingLoader<number, number>(async (keys) => {
      await released;
      if (keys.some((key) => key < 3)) throw new Error('connection lost');
      return [...keys];
    });
    const failed = [loader.load(1), loader.load(2)];
    await settle();
    const next = loader.load(3);
    await settle();
    release();
    await expect(failed[0]).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    await expect(next).resolves.toBe(3);
  });

  it('caches nothing: the same key asked again runs the statement again', async () => {
    let runs = 0;
    const loader = coalescingLoader<string, number>((keys) => Promise.resolve(keys.map(() => ++runs)));
    const first = await loader.load('a');
    const second = await loader.load('a');
    expect([first, second]).toEqual([1, 2]);
  });
});
