import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@tsunagu/directory';
import { AuditService } from './audit/audit.service.js';
import { ConsentFieldsResolver, ConsentResolver } from './consent.resolver.js';
import { ConsentsService } from './consents/consents.service.js';
import { DisclosureService } from './disclosure/disclosure.service.js';
import { CONSENT_ENTITIES } from './entities/index.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { PersonsService } from './persons/persons.service.js';

export const CONSENT_RESOLVERS = [ConsentResolver, ConsentFieldsResolver];

@Module({
  imports: [TypeOrmModule.forFeature(CONSENT_ENTITIES), DirectoryModule],
  providers: [AuditService, DisclosureService, PersonsService, ConsentsService, MeetingsService, ...CONSENT_RESOLVERS],
  exports: [AuditService, DisclosureService, PersonsService, ConsentsService, MeetingsService],
})
export class ConsentModule {}
