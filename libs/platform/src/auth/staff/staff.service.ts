import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { type EntityManager, Repository } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import { type AppConfig } from '../../config/config.schema.js';
import { isPgError, PgErrorCode } from '../../database/postgres-errors.js';
import { runTransaction } from '../../database/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/domain-error.js';
import { EVENT_BUS } from '../../queue/event-bus.module.js';
import { type EventBus } from '../../queue/event-bus.js';
import { Clock } from '../../time/clock.js';
import { ApiKeyEntity } from '../api-key.entity.js';
import { generateApiKey } from '../api-key-secret.js';
import { type AuthContext } from '../auth-context.js';
import { keysRevokedTopic, sessionSocketName, type KeysRevokedPayload } from '../key-revocation.js';
import { hashPassword } from './password.js';
import { SessionStore, type StaffSession } from './session-store.js';
import { StaffMemberEntity, StaffTokenEntity } from './staff-member.entity.js';
import { scopesOfRole, StaffRole } from './staff-role.js';

export interface NewStaffMember {
  email: string;
  displayName: string;
  role: StaffRole;
  /** Required for every role but HUB_ADMIN; an agency admin may only name its own agency. */
  agencyId?: string | null;
}

export const hashStaffToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Staff accounts: created and deactivated by agency admins (their agency) and the hub admin (any). */
@Injectable()
export class StaffService {
  private readonly logger = new Logger(StaffService.name);

  constructor(
    @InjectRepository(StaffMemberEntity) private readonly staff: Repository<StaffMemberEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Optional() private readonly sessions?: SessionStore,
    /** Absent where nothing listens (the CLI). */
    @Optional() @Inject(EVENT_BUS) private readonly bus?: EventBus,
  ) {}

  /** Creates an account without a password; the set-up token (shown once) lets its owner choose one. */
  async create(caller: AuthContext, input: NewStaffMember): Promise<{ member: StaffMemberEntity; setupToken: string }> {
    const agencyId = input.role === StaffRole.HUB_ADMIN ? null : (input.agencyId ?? caller.agencyId ?? null);
    this.assertManages(caller, agencyId);
    if (!caller.isHubAdmin && (input.role === StaffRole.HUB_ADMIN || input.role === StaffRole.HUB_COORDINATOR)) {
      throw new ForbiddenError('Only the hub admin gives the hub roles', { reason: 'HUB_ADMIN_ONLY' });
    }
    if (input.role !== StaffRole.HUB_ADMIN && !agencyId) {
      throw new ForbiddenError('A staff member of this role belongs to an agency: give agencyId', {
        reason: 'AGENCY_REQUIRED',
      });
    }
    return runTransaction(this.staff.manager, async (manager) => {
      const member = await this.insert(manager, { ...input, agencyId }, false);
      const setupToken = await this.issueToken(manager, member.id);
      return { member, setupToken };
    });
  }

  /** The members of an agency (the caller's own unless the hub admin names one), newest first. */
  async list(caller: AuthContext, agencyId: string | null): Promise<StaffMemberEntity[]> {
    const owner = agencyId ?? caller.agencyId;
    this.assertManages(caller, owner);
    const query = this.staff.createQueryBuilder('member').addSelect('member.passwordHash');
    if (owner) query.where('member.agencyId = :owner', { owner });
    else query.where('member.agencyId IS NULL');
    return query.orderBy('member.createdAt', 'DESC').getMany();
  }

  /** Ends the member's sessions and stops the account for good; their records keep naming them. */
  async deactivate(caller: AuthContext, id: string): Promise<StaffMemberEntity> {
    const member = await this.staff
      .createQueryBuilder('member')
      .addSelect('member.passwordHash')
      .where('member.id = :id', { id })
      .getOne();
    if (!member || (!caller.isHubAdmin && member.agencyId !== caller.agencyId))
      throw new NotFoundError('StaffMember', { id });
    this.assertManages(caller, member.agencyId);
    if (!member.deactivatedAt) {
      const now = this.clock.now();
      await runTransaction(this.staff.manager, async (manager) => {
        await manager.update(StaffMemberEntity, { id }, { deactivatedAt: now });
        await manager.update(ApiKeyEntity, { id: member.keyId }, { revokedAt: now });
      });
      member.deactivatedAt = now;
      await this.endSessions(member);
    }
    return member;
  }

  /** Ends every session of a member and closes their subscriptions on every API instance. */
  async endSessions(member: Pick<StaffMemberEntity, 'id' | 'keyId' | 'agencyId'>): Promise<number> {
    const ended = (await this.sessions?.destroyAll(member.id)) ?? 0;
    this.closeSockets([member.keyId]);
    return ended;
  }

  /** Ends one session and closes its subscriptions on every API instance. */
  async endSession(session: Pick<StaffSession, 'id' | 'staffId'>): Promise<void> {
    await this.sessions?.destroy(session);
    this.closeSockets([sessionSocketName(session.id)]);
  }

  /** Announces sockets to close on the key-revocation bus (what closes revoked keys' sockets). */
  private closeSockets(keyIds: string[]): void {
    if (!this.bus) return;
    const payload: KeysRevokedPayload = { keyIds, agencyIds: [] };
    this.bus.emit({ topic: keysRevokedTopic(this.config), payload }, (error?: Error) => {
      if (error) this.logger.warn(`announcing the end of staff sessions failed: ${error.message}`);
    });
  }

  /**
   * One account per demo agency (a caseworker; the coordinating agency's is a hub coordinator) and a hub
   * admin, with fresh passwords on every run, so `npm start` can print them next to the keys.
   */
  async rotateDemoStaff(
    agencies: readonly { id: string; code: string; name: string; isHubCoordinator: boolean }[],
  ): Promise<{ email: string; password: string; role: StaffRole; agencyName: string | null }[]> {
    const accounts = [
      {
        email: 'hub-admin@demo.tsunagu.invalid',
        displayName: 'デモ ハブ管理者',
        role: StaffRole.HUB_ADMIN,
        agency: null,
      },
      ...agencies.map((agency) => ({
        email: `${agency.code.toLowerCase()}@demo.tsunagu.invalid`,
        displayName: 'デモ職員',
        role: agency.isHubCoordinator ? StaffRole.HUB_COORDINATOR : StaffRole.CASEWORKER,
        agency,
      })),
    ];
    // Hashed before the transaction and side by side (scrypt runs on libuv's thread pool): this is on
    // `npm start`'s path to its banner.
    const passwords = accounts.map(() => randomBytes(9).toString('base64url'));
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
    const printed: { email: string; password: string; role: StaffRole; agencyName: string | null }[] = [];
    await runTransaction(this.staff.manager, async (manager) => {
      for (const [index, account] of accounts.entries()) {
        const password = passwords[index];
        const passwordHash = hashes[index];
        const existing = await manager.findOneBy(StaffMemberEntity, { email: account.email });
        if (existing) {
          await manager.update(
            StaffMemberEntity,
            { id: existing.id },
            {
              passwordHash,
              displayName: account.displayName,
              failedSignIns: 0,
              lockedUntil: null,
              deactivatedAt: null,
            },
          );
          await manager.update(ApiKeyEntity, { id: existing.keyId }, { revokedAt: null });
        } else {
          const member = await this.insert(
            manager,
            {
              email: account.email,
              displayName: account.displayName,
              role: account.role,
              agencyId: account.agency?.id ?? null,
            },
            true,
          );
          await manager.update(StaffMemberEntity, { id: member.id }, { passwordHash });
        }
        printed.push({ email: account.email, password, role: account.role, agencyName: account.agency?.name ?? null });
      }
    });
    return printed;
  }

  /** A single-use token for choosing a password (set-up or reset); only its hash is kept. */
  async issueToken(manager: EntityManager, staffId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.insert(StaffTokenEntity, {
      staffId,
      tokenHash: hashStaffToken(token),
      expiresAt: new Date(this.clock.now().getTime() + this.config.PASSWORD_RESET_TTL),
    });
    return token;
  }

  private async insert(
    manager: EntityManager,
    input: Required<Omit<NewStaffMember, 'agencyId'>> & { agencyId: string | null },
    isDemo: boolean,
  ): Promise<StaffMemberEntity> {
    const email = input.email.trim().toLowerCase();
    // The member's principal: a key row with a random secret nobody holds, and kind STAFF, which
    // authentication by bearer key never accepts.
    const principal = generateApiKey();
    try {
      const key = await manager.save(
        manager.create(ApiKeyEntity, {
          kind: 'STAFF',
          agencyId: input.agencyId,
          prefix: principal.prefix,
          secretHash: principal.hash,
          scopes: scopesOfRole(input.role),
          label: `staff ${email}`.slice(0, 100),
          isDemo: false,
        }),
      );
      return await manager.save(
        manager.create(StaffMemberEntity, {
          agencyId: input.agencyId,
          email,
          displayName: input.displayName.trim(),
          role: input.role,
          keyId: key.id,
          isDemo,
        }),
      );
    } catch (error) {
      if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION, 'uq_staff_member_email')) {
        throw new ConflictError('A staff member with this e-mail address exists', { reason: 'EMAIL_TAKEN' });
      }
      // The principal's key row is written first, so an agency that does not exist fails its foreign key.
      if (
        isPgError(error, PgErrorCode.FOREIGN_KEY_VIOLATION, 'fk_api_key_agency') ||
        isPgError(error, PgErrorCode.FOREIGN_KEY_VIOLATION, 'fk_staff_member_agency')
      ) {
        throw new NotFoundError('Agency', { id: input.agencyId });
      }
      throw error;
    }
  }

  /** The hub admin manages every agency's staff; an agency admin (a session) its own agency's. */
  private assertManages(caller: AuthContext, agencyId: string | null): void {
    if (caller.isHubAdmin) return;
    if (caller.staff?.role === StaffRole.AGENCY_ADMIN && agencyId !== null && agencyId === caller.agencyId) return;
    throw new ForbiddenError("Only the agency's admin or the hub admin manages staff accounts", {
      reason: 'ACCOUNT_ADMIN_ONLY',
    });
  }
}
