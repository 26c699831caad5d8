import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService, DataCategory, type PersonView } from '@tsunagu/consent';
import { CommunityResourcesService } from '@tsunagu/directory';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  NotFoundError,
  runTransaction,
  type AuthContext,
} from '@tsunagu/platform';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import {
  RelationDirection,
  type AddPersonRelationInput,
  type UpdatePersonRelationInput,
} from './dto/person-relation.model.js';
import { PersonRelationEntity } from './entities/person-relation.entity.js';
import { SupportNetworkAccess } from './support-network-access.js';

/** A person has at most this many relations at once: an ecomap, not an address book. */
export const MAX_RELATIONS = 100;

/**
 * The person's relations drawn in the ecomap (family, friends, neighbours, community organisations, shops,
 * informal supporters), under SUPPORT_NETWORK. Removal marks the row (who and when), it does not delete it.
 */
@Injectable()
export class PersonRelationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: SupportNetworkAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly resources: CommunityResourcesService,
  ) {}

  async list(caller: AuthContext, personId: string): Promise<PersonRelationEntity[]> {
    const now = this.clock.now();
    return runTransaction(this.dataSource.manager, async (manager) => {
      const view = await this.access.require(caller, personId, now, manager);
      await this.audited(manager, caller, view, 'personRelations', now);
      return this.current(manager, personId);
    });
  }

  /** The relations not removed, oldest first (no access check: for callers that made it). */
  current(manager: EntityManager, personId: string): Promise<PersonRelationEntity[]> {
    return manager.find(PersonRelationEntity, {
      where: { personId, removedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async add(caller: AuthContext, input: AddPersonRelationInput): Promise<PersonRelationEntity> {
    const label = requiredLabel(input.label, 'input.label');
    const now = this.clock.now();
    return runTransaction(this.dataSource.manager, async (manager) => {
      const view = await this.access.require(caller, input.personId, now, manager);
      if (input.communityResourceId) {
        await this.resources.requireActive(input.communityResourceId, 'input.communityResourceId', manager);
      }
      const count = await manager.countBy(PersonRelationEntity, { personId: input.personId, removedAt: IsNull() });
      if (count >= MAX_RELATIONS) {
        throw new BadUserInputError('input.personId', `A person has at most ${MAX_RELATIONS} relations`, {
          reason: 'TOO_MANY_RELATIONS',
        });
      }
      const relation = await manager.save(
        manager.create(PersonRelationEntity, {
          personId: input.personId,
          kind: input.kind,
          label,
          strength: input.strength,
          direction: input.direction ?? RelationDirection.MUTUAL,
          note: blankToNull(input.note),
          communityResourceId: input.communityResourceId ?? null,
          createdByAgencyId: view.agencyId,
          updatedByAgencyId: view.agencyId,
          removedAt: null,
          removedByAgencyId: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audited(manager, caller, view, 'addPersonRelation', now);
      return relation;
    });
  }

  async update(
    caller: AuthContext,
    id: string,
    input: UpdatePersonRelationInput,
    expectedVersion: number | null,
  ): Promise<PersonRelationEntity> {
    const label = input.label === undefined || input.label === null ? null : requiredLabel(input.label, 'input.label');
    const now = this.clock.now();
    return runTransaction(this.dataSource.manager, async (manager) => {
      const { relation, view } = await this.lock(manager, caller, id, expectedVersion, now);
      if (input.communityResourceId && input.communityResourceId !== relation.communityResourceId) {
        await this.resources.requireActive(input.communityResourceId, 'input.communityResourceId', manager);
      }
      const changes: Partial<PersonRelationEntity> = {
        ...(input.kind ? { kind: input.kind } : {}),
        ...(label !== null ? { label } : {}),
        ...(input.strength ? { strength: input.strength } : {}),
        ...(input.direction ? { direction: input.direction } : {}),
        ...(input.note !== undefined ? { note: blankToNull(input.note) } : {}),
        ...(input.communityResourceId !== undefined ? { communityResourceId: input.communityResourceId } : {}),
        updatedByAgencyId: view.agencyId,
        updatedAt: now,
        version: relation.version + 1,
      };
      await manager.update(PersonRelationEntity, { id }, changes);
      await this.audited(manager, caller, view, 'updatePersonRelation', now);
      return { ...relation, ...changes };
    });
  }

  async remove(caller: AuthContext, id: string, expectedVersion: number | null): Promise<string> {
    const now = this.clock.now();
    return runTransaction(this.dataSource.manager, async (manager) => {
      const { relation, view } = await this.lock(manager, caller, id, expectedVersion, now);
      await manager.update(
        PersonRelationEntity,
        { id },
        { removedAt: now, removedByAgencyId: view.agencyId, updatedAt: now, version: relation.version + 1 },
      );
      return id;
    });
  }

  /** The relation, locked, when the caller may change it; NOT_FOUND otherwise (also once removed). */
  private async lock(
    manager: EntityManager,
    caller: AuthContext,
    id: string,
    expectedVersion: number | null,
    now: Date,
  ): Promise<{ relation: PersonRelationEntity; view: PersonView & { agencyId: string } }> {
    const relation = await manager.findOne(PersonRelationEntity, {
      where: { id, removedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!relation) throw new NotFoundError('PersonRelation', { id });
    const view = await this.access.requireFor(caller, relation.personId, 'PersonRelation', id, now, manager);
    if (expectedVersion !== null && expectedVersion !== relation.version) {
      throw new ConflictError('The relation was changed since you read it', {
        expectedVersion,
        currentVersion: relation.version,
      });
    }
    return { relation, view };
  }

  private async audited(
    manager: EntityManager,
    caller: AuthContext,
    view: PersonView,
    operation: string,
    at: Date,
  ): Promise<void> {
    await this.audit.record(
      [
        {
          action: AuditAction.PERSON_READ,
          personId: view.person.id,
          caller,
          categories: [DataCategory.SUPPORT_NETWORK],
          basis: view.bases,
          operation,
          at,
        },
      ],
      manager,
    );
  }
}

function requiredLabel(label: string, field: string): string {
  const trimmed = label.trim();
  if (trimmed.length === 0) throw new BadUserInputError(field, `${field} must not be blank`);
  return trimmed;
}

function blankToNull(text: string | null | undefined): string | null {
  return text?.trim() ? text.trim() : null;
}
