import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tsunagu/platform';
import { ClockReconciler, type Reconciliation } from './clock-reconciler.service.js';

/**
 * Reconciles the clocks in the worker: at start, then every CLOCK_RECONCILE_INTERVAL_MS. A failed round (Redis or
 * PostgreSQL down) is logged and the next one tries again; a round skipped because another worker instance holds
 * the lock is silent.
 */
@Injectable()
export class ClockReconcileRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClockReconcileRunner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly reconciler: ClockReconciler,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'CLOCK_RECONCILE_INTERVAL_MS'>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Stops the timer and waits for the round in progress, before the database connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => this.schedule(this.config.CLOCK_RECONCILE_INTERVAL_MS));
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const started = Date.now();
    try {
      const result = await this.reconciler.reconcile();
      const ms = Date.now() - started;
      if (result) {
        const recreated = describeRecreated(result);
        if (recreated) this.logger.warn(`Clock jobs missing from Redis re-created: ${recreated} (round of ${ms} ms)`);
        else this.logger.debug(`Clock reconciliation: ${describeChecked(result)}, none missing (${ms} ms)`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Clock reconciliation failed (${message}); trying again later`);
    }
  }
}

/** `referral-sla 3 of 40, consent-expiry 1 of 2`, or '' when nothing was re-created. */
export function describeRecreated(result: Reconciliation): string {
  return Object.entries(result)
    .filter(([, counts]) => counts.recreated > 0)
    .map(([kind, counts]) => `${kind} ${counts.recreated} of ${counts.checked}`)
    .join(', ');
}

/** `referral-sla 40, consent-expiry 2`: the clocks each kind has that must still fire. */
export function describeChecked(result: Reconciliation): string {
  return Object.entries(result)
    .map(([kind, counts]) => `${kind} ${counts.checked}`)
    .join(', ');
}
