import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentModule } from '@tsunagu/consent';
import { OutboxEventEntity } from '@tsunagu/platform';
import { EcomapSources } from '../shared/ecomap-sources.js';
import { PLAN_REVISER } from '../shared/plan-reviser.js';
import { SUPPORT_PLAN_ENTITIES } from './entities/index.js';
import { SupportPlansResolver } from './support-plans.resolver.js';
import { SupportPlansService } from './support-plans.service.js';
import { SupportTasksEcomapSource } from './support-tasks.ecomap-source.js';

/**
 * The shared support plan and its tasks: provides PLAN_REVISER (the conference module calls it when a
 * conference is recorded) and the ecomap's `support-tasks` source.
 */
@Module({
  imports: [TypeOrmModule.forFeature([...SUPPORT_PLAN_ENTITIES, OutboxEventEntity]), ConsentModule],
  providers: [
    SupportPlansService,
    { provide: PLAN_REVISER, useExisting: SupportPlansService },
    SupportPlansResolver,
    SupportTasksEcomapSource,
  ],
  exports: [SupportPlansService, PLAN_REVISER],
})
export class SupportPlansModule implements OnModuleInit {
  constructor(
    private readonly sources: EcomapSources,
    private readonly tasksSource: SupportTasksEcomapSource,
  ) {}

  onModuleInit(): void {
    this.sources.register(this.tasksSource);
  }
}
