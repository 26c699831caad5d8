import { Module } from '@nestjs/common';
import { TimingMonthsRunner } from './timing-months.runner.js';
import { TimingMonthsService } from './timing-months.service.js';

/** The worker's part of the statistics: keeping the monthly totals up to date. */
@Module({
  providers: [TimingMonthsService, TimingMonthsRunner],
  exports: [TimingMonthsService],
})
export class TimingMonthsWorkerModule {}
