import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service.js';
import { DEMO_AGENCIES } from '../data/demo-network.js';
import { DEMO_RESOURCES } from '../data/demo-resources.js';
import { AreaLevel, Urgency } from '../dto/enums.js';
import { AgencyEntity } from '../entities/agency.entity.js';
import { PathwaysService } from '../pathways/pathways.service.js';
import { CommunityResourceEntity, type CommunityResourceKind } from '../resources/community-resource.entity.js';
import { resourceFields } from '../resources/community-resource.rules.js';

export interface DemoSeedResult {
  created: number;
  existing: number;
  /** The demo community resources (見守り隊, 子ども食堂 …) created and already there. */
  resources: { created: number; existing: number };
}

/** Loads reference data (collaboration pathways) and the fictional demo network for Nagoya. */
@Injectable()
export class DirectorySeeder {
  constructor(
    private readonly agenciesService: AgenciesService,
    private readonly pathways: PathwaysService,
    @InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>,
    @InjectRepository(CommunityResourceEntity) private readonly resources: Repository<CommunityResourceEntity>,
  ) {}

  seedReferenceData(): Promise<number> {
    return this.pathways.seed();
  }

  async isEmpty(): Promise<boolean> {
    return (await this.agencies.count()) === 0;
  }

  async demoAgencies(): Promise<{ id: string; code: string; name: string; isHubCoordinator: boolean }[]> {
    return this.agencies.find({
      where: { isDemo: true },
      select: { id: true, code: true, name: true, isHubCoordinator: true },
      order: { code: 'ASC' },
    });
  }

  /** Creates the demo agencies that are missing (by code); leaves existing ones as they are. */
  async seedDemoNetwork(): Promise<DemoSeedResult> {
    const codes = DEMO_AGENCIES.map((agency) => agency.code);
    const existing = new Set(
      (await this.agencies.find({ where: { code: In(codes) }, select: { code: true } })).map((a) => a.code),
    );
    let created = 0;
    for (const demo of DEMO_AGENCIES) {
      if (existing.has(demo.code)) continue;
      await this.agenciesService.create({
        ...demo,
        serviceAreas: demo.serviceAreas.map((area) => ({ ...area, level: area.level as AreaLevel })),
        responseTargets: demo.responseTargets.map((target) => ({ ...target, urgency: target.urgency as Urgency })),
        isDemo: true,
      });
      created += 1;
    }
    return { created, existing: existing.size, resources: await this.seedDemoResources() };
  }

  /** Creates the demo community resources that are missing (by code); leaves existing ones as they are. */
  private async seedDemoResources(): Promise<{ created: number; existing: number }> {
    const codes = DEMO_RESOURCES.map((resource) => resource.code);
    const existing = new Set(
      (await this.resources.find({ where: { code: In(codes) }, select: { code: true } })).map((r) => r.code),
    );
    const missing = DEMO_RESOURCES.filter((demo) => !existing.has(demo.code)).map((demo) => ({
      ...resourceFields({ ...demo, kind: demo.kind as CommunityResourceKind }, `DEMO_RESOURCES.${demo.code}`),
      code: demo.code,
      improvedByIssueIds: [],
      createdByAgencyId: null,
    }));
    if (missing.length === 0) return { created: 0, existing: existing.size };
    // A concurrent seeding may have inserted some meanwhile: the unique code makes them no-ops.
    const result = await this.resources
      .createQueryBuilder()
      .insert()
      .into(CommunityResourceEntity)
      .values(missing)
      .orIgnore()
      .returning(['id'])
      .execute();
    const created = (result.raw as unknown[]).length;
    return { created, existing: codes.length - created };
  }
}
