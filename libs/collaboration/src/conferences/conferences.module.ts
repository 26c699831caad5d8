import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { OutboxEventEntity } from '@tsunagu/platform';
import { SupportPlansModule } from '../plans/support-plans.module.js';
import { ConferenceAccess } from './conference-access.js';
import { CONFERENCE_ENTITIES } from './conference.entity.js';
import {
  CaseConferenceAgencyResolver,
  CaseConferenceAssignmentResolver,
  ConferencesResolver,
} from './conferences.resolver.js';
import { ConferencesService } from './conferences.service.js';

/** Case conferences (個別支援会議): docs/collaboration.md "Case conferences". */
@Module({
  imports: [
    TypeOrmModule.forFeature([...CONFERENCE_ENTITIES, OutboxEventEntity]),
    DirectoryModule,
    ConsentModule,
    SupportPlansModule,
  ],
  providers: [
    ConferencesService,
    ConferenceAccess,
    ConferencesResolver,
    CaseConferenceAgencyResolver,
    CaseConferenceAssignmentResolver,
  ],
  exports: [ConferencesService, ConferenceAccess],
})
export class ConferencesModule {}
