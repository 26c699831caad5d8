import { Module } from '@nestjs/common';
import { ConferencesModule } from './conferences/conferences.module.js';
import { CouncilsModule } from './councils/councils.module.js';
import { EcomapModule } from './ecomap/ecomap.module.js';
import { HearingModule } from './hearing/hearing.module.js';
import { SupportPlansModule } from './plans/support-plans.module.js';
import { CollaborationSharedModule } from './shared/collaboration-shared.module.js';

/**
 * Collaboration beyond the referral (docs/collaboration.md): case conferences (個別支援会議), the shared support
 * plan and its tasks, the hearing sheet and ecomap, and councils (協議会) with their regional issues.
 */
@Module({
  imports: [
    CollaborationSharedModule,
    SupportPlansModule,
    ConferencesModule,
    HearingModule,
    EcomapModule,
    CouncilsModule,
  ],
  exports: [SupportPlansModule],
})
export class CollaborationModule {}
