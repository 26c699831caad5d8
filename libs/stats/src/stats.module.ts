import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DirectoryModule } from '@tsunagu/directory';
import { BusinessCalendarModule } from './calendar/business-calendar.module.js';
import { BusinessCalendarSeeder } from './calendar/business-calendar.seeder.js';
import { TimingMonthsService } from './rollup/timing-months.service.js';
import { StatsResolver } from './stats.resolver.js';
import { StatsService } from './stats.service.js';

/** responseTimeStats and unmetNeeds (API side). */
@Module({
  imports: [DirectoryModule, BusinessCalendarModule],
  providers: [StatsService, StatsResolver, TimingMonthsService],
  exports: [StatsService, TimingMonthsService],
})
export class StatsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatsModule.name);

  constructor(private readonly calendar: BusinessCalendarSeeder) {}

  /**
   * The business calendar is brought up to date at start. A failure does not stop the API: the statistics
   * try again on their next request.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.calendar.ensure();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Business calendar not written (${message}); statistics will retry`);
    }
  }
}
