import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PeriodicRunner, type AppConfig } from '@tsunagu/platform';
import { TimingMonthsService } from './timing-months.service.js';

/**
 * Keeps the monthly statistics totals up to date in the worker: builds what needs it at start and then every
 * STATS_ROLLUP_INTERVAL. A failed round is logged and the next one tries again; statistics stay exact
 * meanwhile (they read the timing rows of months without up-to-date totals).
 */
@Injectable()
export class TimingMonthsRunner extends PeriodicRunner {
  constructor(
    private readonly months: TimingMonthsService,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'STATS_ROLLUP_INTERVAL'>,
  ) {
    super({ intervalMs: config.STATS_ROLLUP_INTERVAL, failure: 'Monthly statistics totals not built' });
  }

  protected async round(): Promise<void> {
    const built = await this.months.buildAll();
    if (built > 0) this.logger.log(`Monthly statistics totals built for ${built} month(s)`);
  }
}
