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
  preparedQuery,
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

/** The columns of an audit row, with the type of each parameter (typed, so the rows can be a SELECT's). */
const AUDIT_COLUMNS: readonly (readonly [string, string])[] = [
  ['at', 'timestamptz'],
  ['action', 'varchar'],
  ['person_id', 'uuid'],
  ['agency_id', 'uuid'],
  ['key_id', 'uuid'],
  ['staff_id', 'uuid'],
  ['categories', 'text[]'],
  ['basis', 'jsonb'],
  ['operation', 'varchar'],
  ['referral_id', 'uuid'],
  ['consent_id', 'uuid'],
];

/**
 * The INSERT of audit records, for `record()` and for a statement that writes them with the change they audit
 * (a data-modifying WITH): `only` is a condition the rows are written under, for example that the change
 * happened. Parameters are numbered from `offset` + 1.
 */
export function auditInsert(
  records: readonly AuditRecord[],
  { offset = 0, only }: { offset?: number; only?: string } = {},
): { text: string; parameters: unknown[] } {
  const parameters = records.flatMap((record) => [
    record.at,
    record.action,
    record.personId,
    record.caller.agencyId,
    record.caller.keyId,
    record.caller.staff?.id ?? null,
    [...(record.categories ?? [])],
    JSON.stringify(record.basis ?? []),
    record.operation ?? null,
    record.referralId ?? null,
    record.consentId ?? null,
  ]);
  const rows = records.map(
    (_, row) =>
      `(${AUDIT_COLUMNS.map(([, type], column) => `$${offset + row * AUDIT_COLUMNS.length + column + 1}::${type}`).join(', ')})`,
  );
  const columns = AUDIT_COLUMNS.map(([name]) => `"${name}"`).join(', ');
  const text = only
    ? `INSERT INTO "audit_log" (${columns}) SELECT * FROM (VALUES ${rows.join(', ')}) AS "row" WHERE ${only}`
    : `INSERT INTO "audit_log" (${columns}) VALUES ${rows.join(', ')}`;
  return { text, parameters };
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
    const { text, parameters } = auditInsert(records);
    // Prepared for the common single record; the text of many varies with their number.
    await (records.length === 1 ? preparedQuery(manager, text, parameters) : manager.query(text, parameters));
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
