const BACKOFF_INITIAL_MS = 200;
const BACKOFF_MAX_MS = 5000;

/** 200 ms, 400 ms, 800 ms … capped at 5 s: the wait after the `failures`-th failure in a row. */
export function relayBackoff(failures: number): number {
  return Math.min(BACKOFF_INITIAL_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

/**
 * Coalesced wake-ups: any number of `wake()` calls while the relay is busy make its next `wait()` return at
 * once, a single time; otherwise `wait()` returns after its timeout, on a wake-up, or when `abort` fires.
 */
export class WakeSignal {
  private pending = false;
  private release: (() => void) | null = null;

  wake(): void {
    this.pending = true;
    this.release?.();
  }

  async wait(ms: number, abort?: AbortSignal): Promise<void> {
    if (!this.pending && !abort?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          abort?.removeEventListener('abort', done);
          this.release = null;
          resolve();
        };
        const timer = setTimeout(done, ms);
        abort?.addEventListener('abort', done, { once: true });
        this.release = done;
      });
    }
    this.pending = false;
  }
}
