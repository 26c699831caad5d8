import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { EcomapSources } from '../shared/ecomap-sources.js';
import { HEARING_ENTITIES } from './entities/index.js';
import { HearingResolver, HearingSheetRevisionResolver } from './hearing.resolver.js';
import { HearingService } from './hearing.service.js';
import { PersonRelationsService } from './person-relations.service.js';
import { PersonRelationsSource } from './person-relations.source.js';
import { SupportNetworkAccess } from './support-network-access.js';

/** The hearing sheet (ヒアリングシート) and the person's relations, under SUPPORT_NETWORK. */
@Module({
  imports: [TypeOrmModule.forFeature(HEARING_ENTITIES), ConsentModule, DirectoryModule],
  providers: [
    SupportNetworkAccess,
    HearingService,
    PersonRelationsService,
    HearingResolver,
    HearingSheetRevisionResolver,
  ],
  exports: [SupportNetworkAccess, HearingService, PersonRelationsService],
})
export class HearingModule implements OnModuleInit {
  constructor(private readonly sources: EcomapSources) {}

  onModuleInit(): void {
    this.sources.register(new PersonRelationsSource());
  }
}
