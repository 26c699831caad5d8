import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PeriodicRunner, type AppConfig } from '@tsunagu/platform';
import { ClockReconciler, type Reconciliation } from './clock-reconciler.service.js';

/**
 * Reconciles the clocks in the worker: at start, then every CLOCK_RECONCILE_INTERVAL_MS. A failed round (Redis or
 * PostgreSQL down) is logged and the next one tries again; a round skipped because another worker instance holds
 * the lock is silent.
 */
@Injectable()
export class ClockReconcileRunner extends PeriodicRunner {
  constructor(
    private readonly reconciler: ClockReconciler,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'CLOCK_RECONCILE_INTERVAL_MS'>,
  ) {
    super({ intervalMs: config.CLOCK_RECONCILE_INTERVAL_MS, failure: 'Clock reconciliation failed' });
  }

  protected async round(): Promise<void> {
    const started = Date.now();
    const result = await this.reconciler.reconcile();
    const ms = Date.now() - started;
    if (result) {
      const recreated = describeRecreated(result);
      if (recreated) this.logger.warn(`Clock jobs missing from Redis re-created: ${recreated} (round of ${ms} ms)`);
      else this.logger.debug(`Clock reconciliation: ${describeChecked(result)}, none missing (${ms} ms)`);
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
