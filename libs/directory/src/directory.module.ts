import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesResolver } from './agencies/agencies.resolver.js';
import { AgenciesService } from './agencies/agencies.service.js';
import { CatalogueResolver } from './catalogue/catalogue.resolver.js';
import { DIRECTORY_ENTITIES } from './entities/index.js';
import { PathwaysService } from './pathways/pathways.service.js';
import { CommunityResourcesResolver } from './resources/community-resources.resolver.js';
import { CommunityResourcesService } from './resources/community-resources.service.js';
import { DirectorySeeder } from './seed/directory-seeder.service.js';
import { ApiKeyAgencyResolver, ViewerResolver } from './viewer/viewer.resolver.js';

export const DIRECTORY_RESOLVERS = [
  AgenciesResolver,
  CatalogueResolver,
  ViewerResolver,
  ApiKeyAgencyResolver,
  CommunityResourcesResolver,
];

@Module({
  imports: [TypeOrmModule.forFeature(DIRECTORY_ENTITIES)],
  providers: [AgenciesService, PathwaysService, CommunityResourcesService, DirectorySeeder, ...DIRECTORY_RESOLVERS],
  exports: [AgenciesService, PathwaysService, CommunityResourcesService, DirectorySeeder],
})
export class DirectoryModule {}
