import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireScopes, Scope } from '@tsunagu/platform';
import { NEED_CATEGORIES } from '../data/need-categories.js';
import { SECTORS } from '../data/sectors.js';
import { CollaborationPathway, NeedCategoryInfo, SectorInfo } from '../dto/catalogue.model.js';
import { Sector } from '../dto/enums.js';
import { type CollaborationPathwayEntity } from '../entities/collaboration-pathway.entity.js';
import { PathwaysService } from '../pathways/pathways.service.js';

@Resolver()
export class CatalogueResolver {
  constructor(private readonly pathways: PathwaysService) {}

  @Query(() => [SectorInfo], { description: 'The 16 sectors of the collaboration chart.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  sectors(): readonly SectorInfo[] {
    return SECTORS;
  }

  @Query(() => [NeedCategoryInfo], { description: 'The need-category codes referrals and agencies use.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  needCategories(): readonly NeedCategoryInfo[] {
    return NEED_CATEGORIES;
  }

  @Query(() => [CollaborationPathway], { description: 'The collaborations the chart names between sectors.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  collaborationPathways(
    @Args('fromSector', { type: () => Sector, nullable: true }) fromSector: Sector | null,
    @Args('toSector', { type: () => Sector, nullable: true }) toSector: Sector | null,
  ): Promise<CollaborationPathwayEntity[]> {
    return this.pathways.list(fromSector, toSector);
  }
}
