import { jest } from '@jest/globals';
import { TimingMonthsRunner } from './timing-months.runner.js';
import { type TimingMonthsService } from './timing-months.service.js';

const INTERVAL = 60_000;

function runnerWith(buildAll: () => Promise<number>) {
  const months = { buildAll: jest.fn(buildAll) };
  const runner = new TimingMonthsRunner(months as unknown as TimingMonthsService, { STATS_ROLLUP_INTERVAL: INTERVAL });
  return { runner, months };
}

describe('TimingMonthsRunner', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('builds at start and then once per STATS_ROLLUP_INTERVAL', async () => {
    const { runner, months } = runnerWith(() => Promise.resolve(2));
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(months.buildAll).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(months.buildAll).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(months.buildAll).toHaveBeenCalledTimes(2);
    await runner.beforeApplicationShutdown();
  });

  it('tries again after a failed round', async () => {
    let calls = 0;
    const { runner, months } = runnerWith(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('connection refused')) : Promise.resolve(1);
    });
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(months.buildAll).toHaveBeenCalledTimes(2);
    await runner.beforeApplicationShutdown();
  });

  it('stops at shutdown, after the round in progress', async () => {
    let finish: (built: number) => void = () => undefined;
    const { runner, months } = runnerWith(() => new Promise<number>((resolve) => (finish = resolve)));
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    const stopped = runner.beforeApplicationShutdown();
    let done = false;
    void stopped.then(() => (done = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    finish(0);
    await stopped;
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(months.buildAll).toHaveBeenCalledTimes(1);
  });
});
