import { jest } from '@jest/globals';
import { PeriodicRunner } from './periodic-runner.js';

const INTERVAL = 60_000;

class TestRunner extends PeriodicRunner {
  readonly errors: string[] = [];

  constructor(readonly work: jest.Mock<() => Promise<void>>) {
    super({ intervalMs: INTERVAL, failure: 'Test round failed' });
    jest.spyOn(this.logger, 'error').mockImplementation((message: unknown) => {
      this.errors.push(String(message));
    });
  }

  protected round(): Promise<void> {
    return this.work();
  }
}

function runnerWith(work: () => Promise<void>): TestRunner {
  return new TestRunner(jest.fn(work));
}

describe('PeriodicRunner', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a round at bootstrap and then once per interval', async () => {
    const runner = runnerWith(() => Promise.resolve());
    runner.onApplicationBootstrap();
    expect(runner.work).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(0);
    expect(runner.work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(runner.work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runner.work).toHaveBeenCalledTimes(2);
    await runner.beforeApplicationShutdown();
  });

  it('counts the interval from the end of a round, so rounds never overlap', async () => {
    let finish: () => void = () => undefined;
    const runner = runnerWith(() => new Promise<void>((resolve) => (finish = resolve)));
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(runner.work).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(runner.work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runner.work).toHaveBeenCalledTimes(2);
    finish();
    await runner.beforeApplicationShutdown();
  });

  it('logs a failed round and tries again after the interval', async () => {
    let calls = 0;
    const runner = runnerWith(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('connection refused')) : Promise.resolve();
    });
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(runner.errors).toEqual(['Test round failed (connection refused); trying again later']);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(runner.work).toHaveBeenCalledTimes(2);
    expect(runner.errors).toHaveLength(1);
    await runner.beforeApplicationShutdown();
  });

  it('does not keep the process alive while waiting for the next round', async () => {
    const timeouts = jest.spyOn(globalThis, 'setTimeout');
    const runner = runnerWith(() => Promise.resolve());
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    const armed = timeouts.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(armed).toHaveLength(2);
    expect(armed.every((timer) => !timer.hasRef())).toBe(true);
    await runner.beforeApplicationShutdown();
  });

  it('at shutdown waits for the round in progress and starts no other', async () => {
    let finish: () => void = () => undefined;
    const runner = runnerWith(() => new Promise<void>((resolve) => (finish = resolve)));
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    let done = false;
    const stopped = runner.beforeApplicationShutdown().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    finish();
    await stopped;
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(runner.work).toHaveBeenCalledTimes(1);
  });

  it('at shutdown before the first round, runs none', async () => {
    const runner = runnerWith(() => Promise.resolve());
    runner.onApplicationBootstrap();
    await runner.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(runner.work).not.toHaveBeenCalled();
  });
});
