import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  APP_CONFIG,
  cursorAfter,
  NotFoundError,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { type EntityManager, Repository } from 'typeorm';
import { AuditLogEntity, type AuditAction } from '../entities/audit-log.entity.js';
import { PersonEntity } from '../entities/person.entity.js';

export interface AuditRecord {
  action: AuditAction;
  personId: string;
  caller: Pick<AuthContext, 'agencyId' | 'keyId' | 'staff'>;
  categories?: readonly string[];
  basis?: unknown;
  operation?: string | null;
  referralId?: string | null;
  consentId?: string | null;
  at: Date;
}

/** The append-only audit log (UPDATE, DELETE and TRUNCATE are refused by triggers). */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditLogEntity) private readonly audit: Repository<AuditLogEntity>,
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Appends records in one statement, inside the caller's transaction when one is given. */
  async record(records: readonly AuditRecord[], manager: EntityManager = this.audit.manager): Promise<void> {
    if (records.length === 0) return;
    await manager.insert(
      AuditLogEntity,
      records.map((record) => ({
        at: record.at,
        action: record.action,
        personId: record.personId,
        agencyId: record.caller.agencyId,
        keyId: record.caller.keyId,
        staffId: record.caller.staff?.id ?? null,
        categories: [...(record.categories ?? [])],
        basis: record.basis ?? [],
        operation: record.operation ?? null,
        referralId: record.referralId ?? null,
        consentId: record.consentId ?? null,
      })),
    );
  }

  /** The audit trail of a person: for its registering agency and the hub admin only. */
  async trail(caller: AuthContext, personId: string, page: PageRequest): Promise<Connection<AuditLogEntity>> {
    const person = await this.persons.findOne({
      where: { id: personId },
      select: { id: true, registeredByAgencyId: true },
    });
    if (!person || (!caller.isHubAdmin && person.registeredByAgencyId !== caller.agencyId)) {
      throw new NotFoundError('Person', { id: personId });
    }
    const query = this.audit.createQueryBuilder('entry').where('entry.person_id = :personId', { personId });
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['bigint']);
    if (after) {
      const [id] = after;
      query.andWhere('entry.id < :afterId', { afterId: id });
    }
    const rows = await query
      .orderBy('entry.id', 'DESC')
      .take(Math.min(page.limit, this.config.PAGE_SIZE_MAX) + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.id]);
  }
}
