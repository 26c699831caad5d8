import { Module } from '@nestjs/common';
import { BusinessCalendarSeeder } from './business-calendar.seeder.js';

/** The SQL business calendar's seeder, on its own for `cli seed`. */
@Module({
  providers: [BusinessCalendarSeeder],
  exports: [BusinessCalendarSeeder],
})
export class BusinessCalendarModule {}
