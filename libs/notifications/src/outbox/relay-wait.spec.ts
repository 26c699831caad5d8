import { relayBackoff, WakeSignal } from './relay-wait.js';

describe('WakeSignal', () => {
  it('returns at once, once, after wake-ups that came while nobody waited', async () => {
    const signal = new WakeSignal();
    signal.wake();
    signal.wake();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    const second = Date.now();
    await signal.wait(50);
    expect(Date.now() - second).toBeGreaterThanOrEqual(40);
  });

  it('returns when woken while waiting, and when aborted', async () => {
    const signal = new WakeSignal();
    const started = Date.now();
    setTimeout(() => signal.wake(), 20);
    await signal.wait(10_000);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    await signal.wait(10_000, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('relayBackoff', () => {
  it('doubles from 200 ms and stays at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(relayBackoff)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });
});
