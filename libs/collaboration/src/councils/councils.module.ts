import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommunityResourceEntity, DirectoryModule } from '@tsunagu/directory';
import { CouncilAccess } from './council-access.js';
import { COUNCIL_ENTITIES } from './council.entity.js';
import { CouncilsDemoSeeder } from './councils-demo.seeder.js';
import {
  CouncilMeetingResolver,
  CouncilMemberResolver,
  CouncilsResolver,
  RegionalIssueMoveResolver,
  RegionalIssuesResolver,
} from './councils.resolver.js';
import { CouncilsService } from './councils.service.js';
import { RegionalIssuesService } from './regional-issues.service.js';

/** Councils (協議会) and regional issues (地域課題): docs/collaboration.md "Councils and regional issues". */
@Module({
  imports: [TypeOrmModule.forFeature([...COUNCIL_ENTITIES, CommunityResourceEntity]), DirectoryModule],
  providers: [
    CouncilAccess,
    CouncilsService,
    RegionalIssuesService,
    CouncilsDemoSeeder,
    CouncilsResolver,
    CouncilMemberResolver,
    CouncilMeetingResolver,
    RegionalIssuesResolver,
    RegionalIssueMoveResolver,
  ],
  exports: [CouncilsService, RegionalIssuesService, CouncilsDemoSeeder],
})
export class CouncilsModule {}
