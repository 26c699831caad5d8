import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  APP_CONFIG,
  BadUserInputError,
  ConflictError,
  cursorAfter,
  isPgError,
  NotFoundError,
  PgErrorCode,
  runTransaction,
  toConnection,
  type AppConfig,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  CommunityResourceEntity,
  CommunityResourceStatus,
  type CommunityResourceKind,
} from './community-resource.entity.js';
import {
  CLOSE_REASON_MAX,
  type CommunityResourceFilter,
  type CommunityResourceInput,
} from './community-resource.model.js';
import {
  needCategories,
  resourceChanges,
  resourceFields,
  servingCodes,
  type ResourceFields,
} from './community-resource.rules.js';

/** What a council records when a regional issue's outcome is a resource developed or improved. */
export interface RecordFromIssueRequest {
  issueId: string;
  /** The agency recording the outcome (the council's secretariat). */
  agencyId: string;
  now: Date;
  /** RESOURCE_DEVELOPED: the new resource. */
  create?: CommunityResourceInput;
  /** RESOURCE_IMPROVED: the resource improved … */
  improveResourceId?: string;
  /** … and, optionally, its new values. */
  improvement?: Partial<CommunityResourceInput>;
  /** Argument paths for errors (defaults `input.resource` and `input.resourceId`). */
  fields?: { resource?: string; resourceId?: string };
}

const ALIAS = 'resource';

@Injectable()
export class CommunityResourcesService {
  constructor(
    @InjectRepository(CommunityResourceEntity) private readonly resources: Repository<CommunityResourceEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  /** The directory's community resources, ordered by name (then id). */
  async list(
    filter: CommunityResourceFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<CommunityResourceEntity>> {
    const query = this.resources.createQueryBuilder(ALIAS);
    applyFilter(query, filter ?? {});
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['text', 'uuid']);
    if (after) {
      const [name, id] = after;
      query.andWhere(`(${ALIAS}.name, ${ALIAS}.id) > (:afterName, :afterId)`, { afterName: name, afterId: id });
    }
    const rows = await query
      .orderBy(`${ALIAS}.name`, 'ASC')
      .addOrderBy(`${ALIAS}.id`, 'ASC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.name, row.id]);
  }

  async get(id: string): Promise<CommunityResourceEntity> {
    const resource = await this.resources.findOneBy({ id });
    if (!resource) throw new NotFoundError('CommunityResource', { id });
    return resource;
  }

  async findByIds(ids: readonly string[]): Promise<CommunityResourceEntity[]> {
    if (ids.length === 0) return [];
    return this.resources.findBy({ id: In([...ids]) });
  }

  /**
   * ACTIVE resources serving `municipalityCode` (listed for it, its city or its wards) that meet at least one
   * of `needs`, in one query: suggestAgencies calls it once per request.
   */
  async activeServing(municipalityCode: string, needs: readonly string[]): Promise<CommunityResourceEntity[]> {
    if (needs.length === 0) return [];
    const query = this.resources.createQueryBuilder(ALIAS);
    applyFilter(query, { municipalityCode, needCategories: [...needs] });
    return query.orderBy(`${ALIAS}.name`, 'ASC').addOrderBy(`${ALIAS}.id`, 'ASC').getMany();
  }

  /**
   * The resource a person relation names: it must exist (NOT_FOUND) and be ACTIVE (BAD_USER_INPUT,
   * `RESOURCE_CLOSED`). Pass the caller's transaction manager to read inside it.
   */
  async requireActive(id: string, field: string, manager?: EntityManager): Promise<CommunityResourceEntity> {
    const resource = await (manager ?? this.resources.manager).findOneBy(CommunityResourceEntity, { id });
    if (!resource) throw new NotFoundError('CommunityResource', { id, field });
    if (resource.status !== CommunityResourceStatus.ACTIVE) {
      throw new BadUserInputError(field, `The community resource ${resource.name} is closed`, {
        reason: 'RESOURCE_CLOSED',
      });
    }
    return resource;
  }

  /** Hub admin: an informal resource the hub maintains. */
  async create(input: CommunityResourceInput, agencyId: string | null): Promise<CommunityResourceEntity> {
    const fields = resourceFields(input, 'input');
    return this.resources.save(
      this.resources.create({ ...fields, code: null, createdByAgencyId: agencyId, improvedByIssueIds: [] }),
    );
  }

  /** Hub admin: every given field replaces the stored one; CONFLICT unless still at `expectedVersion`. */
  async update(
    id: string,
    expectedVersion: number,
    input: Partial<CommunityResourceInput>,
  ): Promise<CommunityResourceEntity> {
    const changes = resourceChanges(input, 'input');
    return runTransaction(this.resources.manager, async (manager) => {
      await this.lockAtVersion(manager, id, expectedVersion);
      await manager
        .createQueryBuilder()
        .update(CommunityResourceEntity)
        .set(changes)
        .where('id = :id', { id })
        .execute();
      return manager.findOneByOrFail(CommunityResourceEntity, { id });
    });
  }

  /** Hub admin: the resource stays (ecomaps keep drawing it) but is no longer suggested. */
  async close(id: string, expectedVersion: number, reason: string): Promise<CommunityResourceEntity> {
    const why = closeReason(reason, 'reason');
    return runTransaction(this.resources.manager, async (manager) => {
      const current = await this.lockAtVersion(manager, id, expectedVersion);
      if (current.status === CommunityResourceStatus.CLOSED) {
        throw new ConflictError('The community resource is already closed', { reason: 'RESOURCE_CLOSED' });
      }
      await manager
        .createQueryBuilder()
        .update(CommunityResourceEntity)
        .set({ status: CommunityResourceStatus.CLOSED, closedReason: why })
        .where('id = :id', { id })
        .execute();
      return manager.findOneByOrFail(CommunityResourceEntity, { id });
    });
  }

  /**
   * An import (HSDS, docs/hsds.md) inside the caller's transaction, with the mutations' validation: the resource
   * with `id` is created with it, or its fields are replaced as by updateCommunityResource; `closedReason`
   * closes it as closeCommunityResource does (one already closed keeps its reason). A closed resource is not
   * reopened (RESOURCE_CLOSED), and a code another resource holds is refused (CODE_TAKEN). Errors name `field`
   * plus the path inside the input (`name`, `municipalityCodes.1`, `code`, `closedReason`).
   */
  async importResource(
    manager: EntityManager,
    request: { id: string; code: string | null; input: CommunityResourceInput; closedReason: string | null },
    field: string,
  ): Promise<{ resource: CommunityResourceEntity; action: 'create' | 'update' }> {
    const fields = resourceFields(request.input, field);
    const why = request.closedReason === null ? null : closeReason(request.closedReason, `${field}.closedReason`);
    const current = await manager.findOne(CommunityResourceEntity, {
      where: { id: request.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (request.code) {
      const holder = await manager.findOneBy(CommunityResourceEntity, { code: request.code });
      if (holder && holder.id !== request.id) {
        throw new BadUserInputError(`${field}.code`, `The code ${request.code} belongs to another resource`, {
          reason: 'CODE_TAKEN',
          resourceId: holder.id,
        });
      }
    }
    if (current?.status === CommunityResourceStatus.CLOSED && why === null) {
      throw new BadUserInputError(`${field}.status`, `The community resource ${current.name} is closed`, {
        reason: 'RESOURCE_CLOSED',
      });
    }
    const closing =
      why !== null && current?.status !== CommunityResourceStatus.CLOSED
        ? { status: CommunityResourceStatus.CLOSED, closedReason: why }
        : {};
    const code = request.code ? { code: request.code } : {};
    if (current) {
      await manager
        .createQueryBuilder()
        .update(CommunityResourceEntity)
        // HSDS carries no ratings: an update keeps them.
        .set({ ...withoutRatings(fields), ...code, ...closing })
        .where('id = :id', { id: request.id })
        .execute();
    } else {
      await manager.insert(CommunityResourceEntity, {
        ...fields,
        id: request.id,
        code: null,
        ...code,
        ...closing,
        createdByAgencyId: null,
        improvedByIssueIds: [],
      });
    }
    const resource = await manager.findOneByOrFail(CommunityResourceEntity, { id: request.id });
    return { resource, action: current ? 'update' : 'create' };
  }

  /**
   * The council's loop closes here, inside the caller's transaction: a resource developed from the issue
   * (`create`), or an existing one improved by it (`improveResourceId`, optional `improvement`), the issue
   * appended to its `improvedByIssueIds` once. Errors name `input.resource…` / `input.resourceId`.
   */
  async recordFromIssue(manager: EntityManager, request: RecordFromIssueRequest): Promise<CommunityResourceEntity> {
    const resourceField = request.fields?.resource ?? 'input.resource';
    const idField = request.fields?.resourceId ?? 'input.resourceId';
    if (Boolean(request.create) === Boolean(request.improveResourceId)) {
      throw new BadUserInputError(
        request.create ? idField : resourceField,
        'Give either a resource to create or the id of a resource to improve',
        { reason: 'RESOURCE_OUTCOME_AMBIGUOUS' },
      );
    }
    if (request.create) {
      const fields = resourceFields(request.create, resourceField);
      const existing = await manager.findOneBy(CommunityResourceEntity, { developedFromIssueId: request.issueId });
      if (existing) {
        throw new ConflictError('A resource was already developed from this regional issue', {
          reason: 'RESOURCE_ALREADY_DEVELOPED',
          resourceId: existing.id,
        });
      }
      try {
        const inserted = await manager.insert(CommunityResourceEntity, {
          ...fields,
          code: null,
          developedFromIssueId: request.issueId,
          improvedByIssueIds: [],
          createdByAgencyId: request.agencyId,
          createdAt: request.now,
          updatedAt: request.now,
        });
        const id = (inserted.identifiers[0] as { id: string }).id;
        return await manager.findOneByOrFail(CommunityResourceEntity, { id });
      } catch (error) {
        if (isPgError(error, PgErrorCode.FOREIGN_KEY_VIOLATION, 'fk_community_resource_issue')) {
          throw new NotFoundError('RegionalIssue', { id: request.issueId });
        }
        throw error;
      }
    }

    const id = request.improveResourceId ?? '';
    const changes = resourceChanges(request.improvement ?? {}, resourceField);
    const current = await manager.findOne(CommunityResourceEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!current) throw new NotFoundError('CommunityResource', { id, field: idField });
    if (current.status !== CommunityResourceStatus.ACTIVE) {
      throw new BadUserInputError(idField, `The community resource ${current.name} is closed`, {
        reason: 'RESOURCE_CLOSED',
      });
    }
    const improvedByIssueIds = current.improvedByIssueIds.includes(request.issueId)
      ? current.improvedByIssueIds
      : [...current.improvedByIssueIds, request.issueId];
    await manager
      .createQueryBuilder()
      .update(CommunityResourceEntity)
      .set({ ...changes, improvedByIssueIds, updatedAt: request.now })
      .where('id = :id', { id })
      .execute();
    return manager.findOneByOrFail(CommunityResourceEntity, { id });
  }

  private async lockAtVersion(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
  ): Promise<CommunityResourceEntity> {
    const current = await manager.findOne(CommunityResourceEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!current) throw new NotFoundError('CommunityResource', { id });
    if (current.version !== expectedVersion) {
      throw new ConflictError('The community resource was changed since you read it', {
        expectedVersion,
        currentVersion: current.version,
      });
    }
    return current;
  }
}

export interface ResourceQuery {
  municipalityCode?: string | null;
  needCategories?: string[] | null;
  kinds?: CommunityResourceKind[] | null;
  includeClosed?: boolean | null;
}

function applyFilter(query: SelectQueryBuilder<CommunityResourceEntity>, filter: ResourceQuery): void {
  if (!filter.includeClosed) {
    query.andWhere(`${ALIAS}.status = :active`, { active: CommunityResourceStatus.ACTIVE });
  }
  if (filter.municipalityCode) {
    const codes = servingCodes(filter.municipalityCode, 'filter.municipalityCode');
    query.andWhere(`${ALIAS}.municipality_codes && ARRAY[:...servingCodes]::char(6)[]`, { servingCodes: codes });
  }
  if (filter.needCategories && filter.needCategories.length > 0) {
    const needs = needCategories(filter.needCategories, 'filter.needCategories');
    query.andWhere(`${ALIAS}.need_categories && ARRAY[:...needs]::varchar[]`, { needs });
  }
  if (filter.kinds && filter.kinds.length > 0) {
    query.andWhere(`${ALIAS}.kind IN (:...kinds)`, { kinds: filter.kinds });
  }
}

function withoutRatings(fields: ResourceFields): Omit<ResourceFields, 'ratings'> {
  const { ratings: _ratings, ...rest } = fields;
  return rest;
}

/** A close reason as closeCommunityResource takes it: 1–CLOSE_REASON_MAX characters, trimmed. */
function closeReason(reason: string, field: string): string {
  const why = reason.trim();
  if (why.length === 0 || why.length > CLOSE_REASON_MAX) {
    throw new BadUserInputError(field, `Give a reason of 1–${CLOSE_REASON_MAX} characters`, {
      reason: why.length === 0 ? 'BLANK' : 'TOO_LONG',
    });
  }
  return why;
}
