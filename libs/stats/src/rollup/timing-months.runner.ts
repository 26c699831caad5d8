import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tsunagu/platform';
import { TimingMonthsService } from './timing-months.service.js';

/**
 * Keeps the monthly statistics totals up to date in the worker: builds what needs it at start and then every
 * STATS_ROLLUP_INTERVAL. A failed round is logged and the next one tries again; statistics stay exact
 * meanwhile (they read the timing rows of months without up-to-date totals).
 */
@Injectable()
export class TimingMonthsRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimingMonthsRunner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly months: TimingMonthsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => this.schedule(this.config.STATS_ROLLUP_INTERVAL));
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    try {
      const built = await this.months.buildAll();
      if (built > 0) this.logger.log(`Monthly statistics totals built for ${built} month(s)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Monthly statistics totals not built (${message}); trying again later`);
    }
  }
}
