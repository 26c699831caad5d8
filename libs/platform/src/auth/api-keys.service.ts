import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { isUUID } from 'class-validator';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { isPgError, PgErrorCode } from '../database/postgres-errors.js';
import { runTransaction } from '../database/transaction.js';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../errors/domain-error.js';
import { toConnection, type Connection, type PageRequest } from '../pagination/connection.js';
import { EVENT_BUS } from '../queue/event-bus.module.js';
import { managesAccounts } from './staff/staff-role.js';
import { AuthService } from './auth.service.js';
import { type EventBus } from '../queue/event-bus.js';
import { Clock } from '../time/clock.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';
import { type AuthContext } from './auth-context.js';
import { keysRevokedTopic, type KeysRevokedPayload } from './key-revocation.js';
import { AGENCY_SCOPES, Scope } from './scope.js';

/** The latest expiry a key may be given: a later date is almost certainly a mistake (omit it for no expiry). */
export const API_KEY_MAX_LIFETIME_DAYS = 3660;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssueApiKeyCommand {
  agencyId?: string | null;
  scopes: readonly Scope[];
  label?: string | null;
  expiresAt?: Date | null;
}

export interface IssuedApiKey {
  apiKey: ApiKeyEntity;
  secret: string;
}

/** What one revocation revoked: the key itself and every key it issued, transitively. */
export interface ApiKeyRevocation extends KeysRevokedPayload {
  apiKey: ApiKeyEntity;
}

/**
 * Revokes the keys `$1` and every key they issued, transitively, at `$2`. Keys already revoked keep their
 * time; the rows are locked in id order so two overlapping revocations cannot deadlock. Answers every key of
 * the trees with its agency, and whether this statement revoked it.
 */
const REVOKE_TREES = `
  WITH RECURSIVE "tree" ("id") AS (
    SELECT unnest($1::uuid[])
    UNION
    SELECT "issued"."id" FROM "api_key" "issued" JOIN "tree" ON "issued"."created_by_key_id" = "tree"."id"
  ),
  "locked" AS (
    SELECT "id" FROM "api_key"
     WHERE "id" IN (SELECT "id" FROM "tree") AND "revoked_at" IS NULL
     ORDER BY "id" FOR UPDATE
  ),
  "revoked" AS (
    UPDATE "api_key" SET "revoked_at" = $2 WHERE "id" IN (SELECT "id" FROM "locked") RETURNING "id"
  )
  SELECT "api_key"."id", "api_key"."agency_id", "revoked"."id" IS NOT NULL AS "now_revoked"
    FROM "api_key" JOIN "tree" USING ("id") LEFT JOIN "revoked" USING ("id")`;

/** How long a revocation's answer waits for the bus to take its announcement. */
const PUBLISH_WAIT_MS = 2_000;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    /** Absent where nothing listens (the CLI): revocations are then not announced. */
    @Optional() @Inject(EVENT_BUS) private readonly bus?: EventBus,
  ) {}

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  /**
   * Hub admins issue keys for any agency, or other hub-admin keys. An agency's key may issue keys for its
   * own agency with at most its own scopes, so no key can mint a more powerful one. A key records the key
   * that issued it and does not outlive it: revoking the issuer revokes it, and it expires with the issuer.
   */
  async issue(caller: AuthContext, command: IssueApiKeyCommand): Promise<IssuedApiKey> {
    const scopes = [...new Set(command.scopes)];
    this.assertStaffManagesKeys(caller);
    const agencyId = command.agencyId ?? (caller.isHubAdmin ? null : caller.agencyId);
    if (!caller.isHubAdmin) {
      if (agencyId !== caller.agencyId) throw new ForbiddenError('An agency may issue keys for itself only');
      const beyond = scopes.filter((scope) => !caller.scopes.includes(scope));
      if (beyond.length > 0) {
        throw new ForbiddenError(`A key cannot grant scopes it does not hold: ${beyond.join(', ')}`, {
          missingScopes: beyond,
        });
      }
    }
    if (agencyId !== null && scopes.includes(Scope.ADMIN)) {
      throw new BadUserInputError('input.scopes', 'The admin scope belongs to hub-admin keys only (omit agencyId)');
    }
    const now = this.clock.now();
    const expiresAt = command.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw new BadUserInputError('input.expiresAt', 'expiresAt must be in the future');
    }
    if (expiresAt && expiresAt.getTime() > now.getTime() + API_KEY_MAX_LIFETIME_DAYS * DAY_MS) {
      throw new BadUserInputError(
        'input.expiresAt',
        `expiresAt may be at most ${API_KEY_MAX_LIFETIME_DAYS} days ahead; omit it for a key that does not expire`,
      );
    }
    const granted = agencyId === null ? [...new Set([...scopes, Scope.ADMIN])] : scopes;
    return runTransaction(this.keys.manager, async (manager) => {
      const issuerExpiresAt = await this.lockLiveIssuer(manager, caller.keyId, now);
      if (issuerExpiresAt && expiresAt && expiresAt.getTime() > issuerExpiresAt.getTime()) {
        throw new BadUserInputError(
          'input.expiresAt',
          `A key cannot outlive the key that issues it, which expires at ${issuerExpiresAt.toISOString()}`,
          { maxExpiresAt: issuerExpiresAt.toISOString() },
        );
      }
      return this.insert(
        {
          agencyId,
          scopes: granted,
          label: command.label ?? null,
          createdByKeyId: caller.keyId,
          expiresAt: expiresAt ?? issuerExpiresAt,
        },
        manager.getRepository(ApiKeyEntity),
      );
    });
  }

  /**
   * Hub admins revoke any key; an agency revokes its own keys whose scopes it holds itself. Every key the
   * revoked key issued, directly or through other keys, is revoked with it (they hold at most its scopes).
   * Revoking a revoked key again revokes what it issued that still works. Once committed, the revocation is
   * published on the event bus for the API instances to close the revoked keys' connections.
   */
  async revoke(caller: AuthContext, id: string): Promise<ApiKeyRevocation> {
    this.assertStaffManagesKeys(caller);
    const where = caller.isHubAdmin
      ? { id, kind: 'SYSTEM' as const }
      : caller.agencyId
        ? { id, agencyId: caller.agencyId, kind: 'SYSTEM' as const }
        : null;
    const key = where ? await this.keys.findOneBy(where) : null;
    if (!key) throw new NotFoundError('ApiKey', { id });
    if (!caller.isHubAdmin && key.id !== caller.keyId) {
      const beyond = key.scopes.filter((scope) => !caller.scopes.includes(scope as Scope));
      if (beyond.length > 0) {
        throw new ForbiddenError('A key cannot revoke a key with scopes it does not hold itself', {
          missingScopes: beyond,
        });
      }
    }
    // Revoking is idempotent: a retry after a lost commit answer finds the keys revoked and changes nothing.
    const revoked = await runTransaction(this.keys.manager, (manager) => this.revokeTrees(manager, [key.id]), {
      idempotent: true,
    });
    await this.publishRevocation(revoked);
    return { apiKey: await this.keys.findOneByOrFail({ id: key.id }), ...revoked };
  }

  /**
   * The keys of one agency (`agencyId`), or the hub-admin keys (null), newest first, revoked ones included.
   * An agency lists its own keys; a hub admin any agency's, or the hub-admin keys when it names none.
   */
  async list(
    caller: AuthContext,
    agencyId: string | null | undefined,
    page: PageRequest,
  ): Promise<Connection<ApiKeyEntity>> {
    const owner = this.listOwner(caller, agencyId);
    const query = this.keys.createQueryBuilder('key');
    if (owner === null) query.where('key.agencyId IS NULL');
    else query.where('key.agencyId = :owner', { owner });
    // Staff members' principals are accounts, listed by staffMembers, not keys.
    query.andWhere("key.kind = 'SYSTEM'");
    const totalCount = await query.getCount();
    if (page.after) {
      const [cursorId] = page.after;
      const known =
        typeof cursorId === 'string' &&
        isUUID(cursorId) &&
        (await query.clone().andWhere('key.id = :cursorId', { cursorId }).getExists());
      if (!known) throw new BadUserInputError('after', '`after` is not a cursor of this list');
      query.andWhere(
        '(key.createdAt, key.id) < (SELECT "cursor"."created_at", "cursor"."id" FROM "api_key" "cursor" WHERE "cursor"."id" = :cursorId)',
        { cursorId },
      );
    }
    const rows = await query
      .orderBy('key.createdAt', 'DESC')
      .addOrderBy('key.id', 'DESC')
      .limit(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.id]);
  }

  /**
   * Makes the configured `HUB_ADMIN_KEY` a working hub-admin key. Refuses a key whose prefix is taken by a
   * different secret rather than silently replacing it.
   */
  async ensureConfiguredHubAdminKey(secret: string): Promise<void> {
    const prefix = apiKeyPrefix(secret);
    if (!prefix) throw new Error('HUB_ADMIN_KEY is not a well-formed key');
    // Insert-or-ignore, then check: several instances may start with the same key at the same moment.
    await this.keys
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({ agencyId: null, prefix, secretHash: hashApiKey(secret), scopes: [Scope.ADMIN], label: 'HUB_ADMIN_KEY' })
      .orIgnore()
      .execute();
    const stored = await this.keys.findOneOrFail({
      where: { prefix },
      select: { id: true, secretHash: true, revokedAt: true },
    });
    if (!apiKeyMatches(secret, stored.secretHash)) {
      throw new Error('HUB_ADMIN_KEY clashes with another key of the same prefix; generate a new one');
    }
    if (stored.revokedAt) throw new Error('HUB_ADMIN_KEY has been revoked; configure a new one');
  }

  /**
   * Demo mode: revokes the previous demo keys (and the keys issued with them) and issues fresh ones (a
   * hub-admin key and one per agency), so the keys printed at start-up are always the working ones and no
   * secret is kept anywhere.
   */
  async rotateDemoKeys(
    agencies: { id: string; code: string }[],
  ): Promise<{ label: string; agencyId: string | null; secret: string }[]> {
    const revoked = await runTransaction(this.keys.manager, async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      const demoKeys = await repository.find({ where: { isDemo: true }, select: { id: true } });
      const revocation = await this.revokeTrees(
        manager,
        demoKeys.map((key) => key.id),
      );
      const issued: { label: string; agencyId: string | null; secret: string }[] = [];
      const admin = await this.insert(
        { agencyId: null, scopes: [Scope.ADMIN], label: 'demo hub admin', isDemo: true },
        repository,
      );
      issued.push({ label: 'hub admin', agencyId: null, secret: admin.secret });
      for (const agency of agencies) {
        const key = await this.insert(
          { agencyId: agency.id, scopes: [...AGENCY_SCOPES], label: `demo ${agency.code}`, isDemo: true },
          repository,
        );
        issued.push({ label: agency.code, agencyId: agency.id, secret: key.secret });
      }
      return { revocation, issued };
    });
    if (revoked.revocation.keyIds.length > 0) await this.publishRevocation(revoked.revocation);
    return revoked.issued;
  }

  async findByIds(ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.keys.findBy({ id: In([...ids]) });
  }

  private listOwner(caller: AuthContext, agencyId: string | null | undefined): string | null {
    if (caller.isHubAdmin) return agencyId ?? null;
    this.assertStaffManagesKeys(caller);
    if (!caller.agencyId || (agencyId && agencyId !== caller.agencyId)) {
      throw new ForbiddenError('An agency may list its own keys only');
    }
    return caller.agencyId;
  }

  /**
   * Locks the issuing key against a concurrent revocation until the new key is committed, and answers its
   * expiry. A revocation that got there first wins: the issuer is no longer valid and nothing is issued. One
   * that comes later waits for this transaction and then revokes the new key too (see `revokeTrees`).
   */
  private async lockLiveIssuer(manager: EntityManager, keyId: string, now: Date): Promise<Date | null> {
    const [issuer] = await manager.query<{ expires_at: Date | null }[]>(
      `SELECT "expires_at" FROM "api_key"
        WHERE "id" = $1 AND "revoked_at" IS NULL AND ("expires_at" IS NULL OR "expires_at" > $2)
          FOR SHARE`,
      [keyId, now],
    );
    if (!issuer) throw new UnauthenticatedError('The API key is not valid');
    return issuer.expires_at;
  }

  /**
   * Revokes the trees of `rootIds`, repeating until a pass revokes nothing: a key issued by a tree's key in a
   * transaction that held the issuer while the first pass waited for it is committed, and so seen, by the next.
   */
  private async revokeTrees(manager: EntityManager, rootIds: string[]): Promise<KeysRevokedPayload> {
    const keys = new Map<string, string | null>();
    if (rootIds.length === 0) return { keyIds: [], agencyIds: [] };
    const at = this.clock.now();
    for (;;) {
      const rows = await manager.query<{ id: string; agency_id: string | null; now_revoked: boolean }[]>(REVOKE_TREES, [
        rootIds,
        at,
      ]);
      for (const row of rows) keys.set(row.id, row.agency_id);
      if (!rows.some((row) => row.now_revoked)) break;
    }
    const agencyIds = new Set([...keys.values()].filter((agencyId): agencyId is string => agencyId !== null));
    return { keyIds: [...keys.keys()], agencyIds: [...agencyIds] };
  }

  /** In the console, keys are the agency admin's (and the hub admin's) business, not every caseworker's. */
  private assertStaffManagesKeys(caller: AuthContext): void {
    if (caller.staff && !managesAccounts(caller.staff.role)) {
      throw new ForbiddenError("Only the agency's admin manages its API keys", { reason: 'ACCOUNT_ADMIN_ONLY' });
    }
  }

  /**
   * Announces a committed revocation: this instance forgets the keys at once, and the answer waits (at most
   * PUBLISH_WAIT_MS) until Redis has taken the announcement to the other instances, so the revoked keys fail
   * on any instance from the caller's next request. A bus that is down costs a log line and, on the other
   * instances, at most API_KEY_CACHE_TTL; never the revocation.
   */
  private async publishRevocation(revocation: KeysRevokedPayload): Promise<void> {
    this.auth.forgetKeys(revocation.keyIds);
    if (!this.bus) return;
    const bus = this.bus;
    const payload: KeysRevokedPayload = { keyIds: revocation.keyIds, agencyIds: revocation.agencyIds };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PUBLISH_WAIT_MS);
      bus.emit({ topic: keysRevokedTopic(this.config), payload }, (error?: Error) => {
        clearTimeout(timer);
        if (error) {
          this.logger.warn(`publishing the revocation of ${payload.keyIds.length} key(s) failed: ${error.message}`);
        }
        resolve();
      });
    });
  }

  private async insert(
    values: Pick<ApiKeyEntity, 'agencyId' | 'scopes' | 'label'> &
      Partial<Pick<ApiKeyEntity, 'isDemo' | 'createdByKeyId' | 'expiresAt'>>,
    repository: Repository<ApiKeyEntity> = this.keys,
  ): Promise<IssuedApiKey> {
    const generated = generateApiKey();
    try {
      const apiKey = await repository.save(
        repository.create({ ...values, prefix: generated.prefix, secretHash: generated.hash }),
      );
      return { apiKey, secret: generated.secret };
    } catch (error) {
      if (isPgError(error, PgErrorCode.FOREIGN_KEY_VIOLATION, 'fk_api_key_agency')) {
        throw new NotFoundError('Agency', { field: 'input.agencyId' });
      }
      if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION, 'uq_api_key_prefix')) {
        throw new ConflictError('Key prefix collision; try again');
      }
      throw error;
    }
  }
}
