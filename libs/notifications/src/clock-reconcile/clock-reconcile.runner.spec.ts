import { jest } from '@jest/globals';
import { ClockReconcileRunner, describeRecreated } from './clock-reconcile.runner.js';
import { type ClockReconciler, type Reconciliation } from './clock-reconciler.service.js';

const INTERVAL = 60_000;

function runnerWith(reconcile: () => Promise<Reconciliation | null>) {
  const reconciler = { reconcile: jest.fn(reconcile) };
  const runner = new ClockReconcileRunner(reconciler as unknown as ClockReconciler, {
    CLOCK_RECONCILE_INTERVAL_MS: INTERVAL,
  });
  return { runner, reconciler };
}

describe('ClockReconcileRunner', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reconciles at start and then once per CLOCK_RECONCILE_INTERVAL_MS', async () => {
    const { runner, reconciler } = runnerWith(() => Promise.resolve(null));
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(reconciler.reconcile).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(reconciler.reconcile).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(reconciler.reconcile).toHaveBeenCalledTimes(2);
    await runner.beforeApplicationShutdown();
  });

  it('tries again after a failed round (Redis or PostgreSQL down)', async () => {
    let calls = 0;
    const { runner, reconciler } = runnerWith(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('no answer within 15000 ms')) : Promise.resolve(null);
    });
    runner.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(reconciler.reconcile).toHaveBeenCalledTimes(2);
    await runner.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(reconciler.reconcile).toHaveBeenCalledTimes(2);
  });
});

describe('describeRecreated', () => {
  it('names the kinds with re-created clocks only', () => {
    expect(
      describeRecreated({
        'referral-sla': { checked: 40, recreated: 3 },
        'consent-expiry': { checked: 2, recreated: 0 },
      }),
    ).toBe('referral-sla 3 of 40');
    expect(describeRecreated({ 'referral-sla': { checked: 4, recreated: 0 } })).toBe('');
  });
});
