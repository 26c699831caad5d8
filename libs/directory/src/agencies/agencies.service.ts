import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  APP_CONFIG,
  BadUserInputError,
  ConflictError,
  cursorAfter,
  EntityRows,
  ForbiddenError,
  isPgError,
  NotFoundError,
  PgErrorCode,
  runTransaction,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { municipality, resolveServiceArea } from '../areas/service-area.js';
import { overlappingMunicipalityCodes } from '../areas/local-government-codes.js';
import { isNeedCategory } from '../data/need-categories.js';
import type { AgencyFilter } from '../dto/agency-filter.input.js';
import {
  AGENCY_EDITABLE_FIELDS,
  type CreateAgencyInput,
  type ResponseTargetInput,
  type ServiceAreaInput,
  type UpdateAgencyInput,
} from '../dto/agency.input.js';
import { Urgency } from '../dto/enums.js';
import { AgencyResponseTargetEntity } from '../entities/agency-response-target.entity.js';
import { AgencyServiceAreaEntity } from '../entities/agency-service-area.entity.js';
import { AgencyEntity } from '../entities/agency.entity.js';

/** Targets for urgencies an agency does not set: calendar time for emergencies, business time otherwise. */
export const DEFAULT_RESPONSE_TARGETS: Record<Urgency, Omit<ResponseTargetInput, 'urgency'>> = {
  [Urgency.EMERGENCY]: { acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false },
  [Urgency.HIGH]: { acknowledgeWithin: 'PT4H', decideWithin: 'P1D', businessTime: true },
  [Urgency.NORMAL]: { acknowledgeWithin: 'P1D', decideWithin: 'P3D', businessTime: true },
  [Urgency.LOW]: { acknowledgeWithin: 'P3D', decideWithin: 'P10D', businessTime: true },
};

export interface CreateAgencyCommand extends CreateAgencyInput {
  isDemo?: boolean;
}

@Injectable()
export class AgenciesService {
  constructor(
    @InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>,
    @InjectRepository(AgencyServiceAreaEntity) private readonly areas: Repository<AgencyServiceAreaEntity>,
    @InjectRepository(AgencyResponseTargetEntity) private readonly targets: Repository<AgencyResponseTargetEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rows = new EntityRows(agencies.manager.connection, AgencyEntity);
  }

  /** Agencies by id in fixed SQL (every referral created reads its sender and recipient). */
  private readonly rows: EntityRows<AgencyEntity>;

  async list(filter: AgencyFilter | null | undefined, page: PageRequest): Promise<Connection<AgencyEntity>> {
    const query = this.agencies.createQueryBuilder('agency');
    this.applyFilter(query, filter ?? {});
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['text']);
    if (after) {
      const [code] = after;
      query.andWhere('agency.code > :afterCode', { afterCode: code });
    }
    const rows = await query
      .orderBy('agency.code', 'ASC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (agency) => [agency.code]);
  }

  async get(by: { id?: string | null; code?: string | null }): Promise<AgencyEntity> {
    if (Boolean(by.id) === Boolean(by.code)) {
      throw new BadUserInputError(by.id ? 'code' : 'id', 'Give exactly one of id and code');
    }
    const agency = await this.agencies.findOneBy(by.id ? { id: by.id } : { code: by.code ?? '' });
    if (!agency) throw new NotFoundError('Agency', by.id ? { id: by.id } : { agencyCode: by.code });
    return agency;
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<AgencyEntity[]> {
    return this.rows.byIds(ids, manager);
  }

  async create(input: CreateAgencyCommand): Promise<AgencyEntity> {
    const needCategories = validNeedCategories(input.needCategories, 'input.needCategories');
    const areas = resolveAreas(input.serviceAreas, 'input.serviceAreas');
    const targets = completeTargets(input.responseTargets ?? [], 'input.responseTargets');
    try {
      return await runTransaction(this.agencies.manager, async (manager) => {
        const agency = await manager.save(
          manager.create(AgencyEntity, {
            code: input.code,
            name: input.name,
            nameEn: input.nameEn ?? null,
            sector: input.sector,
            kind: input.kind,
            contactEmail: input.contactEmail ?? null,
            needCategories,
            acceptingReferrals: input.acceptingReferrals,
            isHubCoordinator: input.isHubCoordinator,
            isDemo: input.isDemo ?? false,
          }),
        );
        await this.replaceChildren(manager, agency.id, areas, targets);
        return agency;
      });
    } catch (error) {
      if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION, 'uq_agency_code')) {
        throw new ConflictError(`An agency with code ${input.code} already exists`, {
          field: 'input.code',
          reason: 'AGENCY_CODE_TAKEN',
        });
      }
      throw error;
    }
  }

  /** Hub admins change anything; an agency changes its own operational settings only. */
  async update(caller: AuthContext, id: string, input: UpdateAgencyInput): Promise<AgencyEntity> {
    if (!caller.isHubAdmin) {
      if (caller.agencyId !== id) throw new ForbiddenError('An agency may update its own settings only');
      const adminOnly = Object.entries(input)
        .filter(([field, value]) => value !== undefined && value !== null && field !== 'expectedVersion')
        .map(([field]) => field)
        .filter((field) => !(AGENCY_EDITABLE_FIELDS as readonly string[]).includes(field));
      if (adminOnly.length > 0) {
        throw new ForbiddenError(`Only the hub admin may change ${adminOnly.join(', ')}`, { fields: adminOnly });
      }
    }
    const needCategories = input.needCategories
      ? validNeedCategories(input.needCategories, 'input.needCategories')
      : undefined;
    const areas = input.serviceAreas ? resolveAreas(input.serviceAreas, 'input.serviceAreas') : undefined;
    const targets = input.responseTargets ? completeTargets(input.responseTargets, 'input.responseTargets') : undefined;

    return runTransaction(this.agencies.manager, async (manager) => {
      const current = await manager.findOne(AgencyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('Agency', { id });
      if (input.expectedVersion != null && input.expectedVersion !== current.version) {
        throw new ConflictError('The agency was changed since you read it', {
          expectedVersion: input.expectedVersion,
          currentVersion: current.version,
        });
      }
      const changes: Partial<AgencyEntity> = {
        ...(input.name != null && { name: input.name }),
        ...(input.nameEn !== undefined && { nameEn: input.nameEn }),
        ...(input.sector != null && { sector: input.sector }),
        ...(input.kind != null && { kind: input.kind }),
        ...(input.contactEmail !== undefined && { contactEmail: input.contactEmail }),
        ...(needCategories && { needCategories }),
        ...(input.acceptingReferrals != null && { acceptingReferrals: input.acceptingReferrals }),
        ...(input.isHubCoordinator != null && { isHubCoordinator: input.isHubCoordinator }),
      };
      // The update always bumps `version` and `updated_at`, also when only the areas or targets change.
      await manager.createQueryBuilder().update(AgencyEntity).set(changes).where('id = :id', { id }).execute();
      await this.replaceChildren(manager, id, areas, targets);
      return manager.findOneByOrFail(AgencyEntity, { id });
    });
  }

  /** Service areas of many agencies in one query, in input order (for DataLoader). */
  async serviceAreasOf(agencyIds: readonly string[]): Promise<AgencyServiceAreaEntity[][]> {
    const rows = await this.areas.find({
      where: { agencyId: In([...agencyIds]) },
      order: { level: 'ASC', code: 'ASC' },
    });
    return groupBy(agencyIds, rows, (row) => row.agencyId);
  }

  async responseTargetsOf(agencyIds: readonly string[]): Promise<AgencyResponseTargetEntity[][]> {
    const rows = await this.targets.find({ where: { agencyId: In([...agencyIds]) } });
    const order = Object.values(Urgency);
    rows.sort((a, b) => order.indexOf(a.urgency) - order.indexOf(b.urgency));
    return groupBy(agencyIds, rows, (row) => row.agencyId);
  }

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  private applyFilter(query: SelectQueryBuilder<AgencyEntity>, filter: AgencyFilter): void {
    if (filter.sector) query.andWhere('agency.sector = :sector', { sector: filter.sector });
    if (filter.needCategory) {
      validNeedCategories([filter.needCategory], 'filter.needCategory');
      query.andWhere('agency.need_categories @> ARRAY[:needCategory]::text[]', { needCategory: filter.needCategory });
    }
    if (filter.accepting != null)
      query.andWhere('agency.accepting_referrals = :accepting', { accepting: filter.accepting });
    if (filter.municipalityCode) {
      const government = municipality(filter.municipalityCode, 'filter.municipalityCode');
      query.andWhere(
        `EXISTS (SELECT 1 FROM agency_service_area area WHERE area.agency_id = agency.id AND (
           area.municipality_code IN (:...municipalityCodes)
           OR (area.level = 'PREFECTURE' AND area.prefecture_code = :prefectureCode)))`,
        { municipalityCodes: overlappingMunicipalityCodes(government), prefectureCode: government.prefectureCode },
      );
    }
  }

  private async replaceChildren(
    manager: EntityManager,
    agencyId: string,
    areas: Omit<AgencyServiceAreaEntity, 'id' | 'agencyId'>[] | undefined,
    targets: Omit<AgencyResponseTargetEntity, 'agencyId'>[] | undefined,
  ): Promise<void> {
    if (areas) {
      await manager.delete(AgencyServiceAreaEntity, { agencyId });
      if (areas.length > 0)
        await manager.insert(
          AgencyServiceAreaEntity,
          areas.map((area) => ({ ...area, agencyId })),
        );
    }
    if (targets) {
      await manager.delete(AgencyResponseTargetEntity, { agencyId });
      await manager.insert(
        AgencyResponseTargetEntity,
        targets.map((target) => ({ ...target, agencyId })),
      );
    }
  }
}

function validNeedCategories(codes: string[], field: string): string[] {
  codes.forEach((code, index) => {
    if (!isNeedCategory(code)) {
      const path = field.startsWith('filter') ? field : `${field}.${index}`;
      throw new BadUserInputError(path, `Unknown need category ${code}; see the needCategories query`, {
        reason: 'UNKNOWN_NEED_CATEGORY',
      });
    }
  });
  return [...new Set(codes)];
}

function resolveAreas(inputs: ServiceAreaInput[], field: string): Omit<AgencyServiceAreaEntity, 'id' | 'agencyId'>[] {
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const resolved = resolveServiceArea(input.level, input.code, `${field}.${index}.code`);
    const key = `${input.level}:${input.code}`;
    if (seen.has(key)) throw new BadUserInputError(`${field}.${index}`, `Service area ${key} is listed twice`);
    seen.add(key);
    return {
      level: resolved.level,
      code: resolved.code,
      name: input.name ?? null,
      prefectureCode: resolved.prefectureCode,
      municipalityCode: resolved.municipalityCode,
    };
  });
}

/** One target per urgency: the given ones, defaults for the rest. */
function completeTargets(inputs: ResponseTargetInput[], field: string): Omit<AgencyResponseTargetEntity, 'agencyId'>[] {
  const byUrgency = new Map<Urgency, ResponseTargetInput>();
  inputs.forEach((input, index) => {
    if (byUrgency.has(input.urgency)) {
      throw new BadUserInputError(`${field}.${index}.urgency`, `A target for ${input.urgency} is given twice`);
    }
    byUrgency.set(input.urgency, input);
  });
  return Object.values(Urgency).map((urgency) => {
    const given = byUrgency.get(urgency);
    const target = given ?? { urgency, ...DEFAULT_RESPONSE_TARGETS[urgency] };
    return {
      urgency,
      acknowledgeWithin: target.acknowledgeWithin,
      decideWithin: target.decideWithin,
      businessTime: target.businessTime ?? true,
    };
  });
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
