import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { Secret, TOTP } from 'otpauth';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import { type AppConfig } from '../../config/config.schema.js';
import { openSecret, sealSecret } from '../../crypto/secret-box.js';
import { runTransaction } from '../../database/transaction.js';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../../errors/domain-error.js';
import { RateLimits } from '../../security/rate-limits.js';
import { Clock } from '../../time/clock.js';
import { type AuthContext } from '../auth-context.js';
import { assertPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { SessionStore, type StaffSession } from './session-store.js';
import { StaffMemberEntity, StaffTokenEntity } from './staff-member.entity.js';
import { StaffRole } from './staff-role.js';
import { hashStaffToken, StaffService } from './staff.service.js';

/** What the console shows of its session (GET /auth/session and the sign-in response). */
export interface SessionView {
  csrfToken: string;
  expiresAt: string;
  staff: {
    id: string;
    email: string;
    displayName: string;
    role: StaffRole;
    totpEnabled: boolean;
    agency: { id: string; name: string } | null;
  };
}

const TOTP_CONTEXT = 'staff-totp';
const TOTP_PERIOD_S = 30;
/** How long a used TOTP step is remembered: longer than the ±1 step a code is accepted in. */
const TOTP_REUSE_WINDOW_MS = 120_000;
const totpOf = (secret: string, email: string) =>
  new TOTP({ issuer: 'Tsunagu', label: email, secret: Secret.fromBase32(secret), digits: 6, period: TOTP_PERIOD_S });

/**
 * Signing staff in and out: e-mail and password (scrypt), the optional TOTP second factor, lock-out after
 * SIGN_IN_MAX_FAILURES consecutive failures, failed attempts throttled per client address too, and password
 * reset by a single-use e-mailed token. A wrong e-mail and a wrong password get the same answer and take the
 * same time.
 */
@Injectable()
export class StaffAuthService implements OnApplicationShutdown {
  private readonly logger = new Logger(StaffAuthService.name);
  private mailer: Transporter | null | undefined;

  constructor(
    @InjectRepository(StaffMemberEntity) private readonly staff: Repository<StaffMemberEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionStore,
    private readonly accounts: StaffService,
    private readonly limits: RateLimits,
  ) {}

  async signIn(
    input: { email: string; password: string; totpCode?: string },
    address: string,
  ): Promise<{ token: string; session: StaffSession; view: SessionView }> {
    await this.limits.assertMayAuthenticate(address, null);
    try {
      return await this.verifyAndOpen(input);
    } catch (error) {
      if (error instanceof UnauthenticatedError && error.details.reason !== 'TOTP_REQUIRED') {
        await this.limits.recordAuthFailure(address, null);
      }
      throw error;
    }
  }

  private async verifyAndOpen(input: { email: string; password: string; totpCode?: string }) {
    const email = input.email.trim().toLowerCase();
    const member = await this.staff.findOne({
      where: { email },
      select: {
        id: true,
        agencyId: true,
        email: true,
        displayName: true,
        role: true,
        keyId: true,
        passwordHash: true,
        totpSecret: true,
        totpEnabledAt: true,
        lockedUntil: true,
        deactivatedAt: true,
      },
    });
    const now = this.clock.now();
    const invalid = () =>
      new UnauthenticatedError('The e-mail address or the password is not correct', { reason: 'INVALID_CREDENTIALS' });
    if (!member?.passwordHash || member.deactivatedAt) {
      await verifyPassword(input.password, await dummyPasswordHash());
      throw invalid();
    }
    if (member.lockedUntil && member.lockedUntil > now) throw this.locked(member.lockedUntil, now);
    if (!(await verifyPassword(input.password, member.passwordHash))) {
      await this.recordFailure(member.id, now);
      throw invalid();
    }
    if (member.totpEnabledAt && member.totpSecret) {
      if (!input.totpCode) {
        throw new UnauthenticatedError('This account needs its verification code (totpCode)', {
          reason: 'TOTP_REQUIRED',
          totpRequired: true,
        });
      }
      const secret = openSecret(this.config.SECRETS_KEY, member.totpSecret, TOTP_CONTEXT);
      const code = input.totpCode.trim();
      const delta = totpOf(secret, member.email).validate({ token: code, window: 1, timestamp: now.getTime() });
      // A code works once: one seen through a shoulder or a phishing page cannot open a second session.
      const step = Math.floor(now.getTime() / (TOTP_PERIOD_S * 1000)) + (delta ?? 0);
      if (delta === null || !(await this.sessions.claimOnce(`totp-used:${member.id}:${step}`, TOTP_REUSE_WINDOW_MS))) {
        await this.recordFailure(member.id, now);
        throw new UnauthenticatedError('The verification code is not correct', {
          reason: 'TOTP_INVALID',
          totpRequired: true,
        });
      }
    }
    await this.staff.update({ id: member.id }, { failedSignIns: 0, lockedUntil: null });
    const { token, session } = await this.sessions.create(
      { staffId: member.id, keyId: member.keyId, agencyId: member.agencyId, role: member.role },
      now.getTime(),
    );
    return { token, session, view: await this.view(session) };
  }

  /** The console's view of a live session. */
  async view(session: StaffSession): Promise<SessionView> {
    const [row] = await this.staff.query<
      {
        id: string;
        email: string;
        display_name: string;
        role: StaffRole;
        totp: boolean;
        agency_id: string | null;
        agency_name: string | null;
      }[]
    >(
      `SELECT s."id", s."email", s."display_name", s."role", s."totp_enabled_at" IS NOT NULL AS "totp",
              a."id" AS "agency_id", a."name" AS "agency_name"
         FROM "staff_member" s LEFT JOIN "agency" a ON a."id" = s."agency_id"
        WHERE s."id" = $1`,
      [session.staffId],
    );
    if (!row) throw new UnauthenticatedError('The session has ended; sign in again', { reason: 'SESSION_ENDED' });
    return {
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
      staff: {
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        totpEnabled: row.totp,
        agency: row.agency_id ? { id: row.agency_id, name: row.agency_name ?? '' } : null,
      },
    };
  }

  async resolve(token: string | undefined): Promise<StaffSession | null> {
    return token ? this.sessions.resolve(token, this.clock.now().getTime()) : null;
  }

  async signOut(session: StaffSession): Promise<void> {
    await this.accounts.endSession(session);
  }

  /** Ends every session of the calling staff member, this one included; returns how many there were. */
  async signOutEverywhere(caller: AuthContext): Promise<number> {
    const staff = this.requireStaff(caller);
    return this.accounts.endSessions({ id: staff.id, keyId: caller.keyId, agencyId: caller.agencyId });
  }

  /**
   * E-mails a reset link when the address belongs to an active account; the answer is the same either way, so
   * the endpoint does not tell which addresses have accounts.
   */
  async requestPasswordReset(emailInput: string, address: string): Promise<void> {
    await this.limits.assertMayAuthenticate(address, null);
    const email = emailInput.trim().toLowerCase();
    const member = await this.staff.findOneBy({ email });
    if (!member || member.deactivatedAt) {
      await this.limits.recordAuthFailure(address, null);
      return;
    }
    const token = await this.accounts.issueToken(this.staff.manager, member.id);
    const link = new URL(`/console/reset-password#token=${token}`, this.config.PUBLIC_URL).toString();
    await this.send(member.email, 'つなぐ: パスワードの再設定 / Tsunagu: reset your password', [
      `${member.displayName} さま`,
      '',
      'つなぐ（Tsunagu）のパスワードを再設定するには、次のリンクを開いてください。',
      `このリンクは ${Math.round(this.config.PASSWORD_RESET_TTL / 60_000)} 分間、1回だけ使えます。`,
      '心当たりがない場合は、このメールを無視してください。',
      '',
      'To reset your Tsunagu password, open this link (it works once, for a limited time):',
      link,
    ]);
  }

  /** Sets a new password with a set-up or reset token; unlocks the account and ends its sessions. */
  async resetPassword(token: string, password: string): Promise<void> {
    assertPasswordPolicy(password, 'newPassword');
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    const member = await runTransaction(this.staff.manager, async (manager: EntityManager) => {
      const [row] = await manager.query<[{ staff_id: string }[], number]>(
        `UPDATE "staff_token" SET "used_at" = $2
          WHERE "token_hash" = $1 AND "used_at" IS NULL AND "expires_at" > $2
          RETURNING "staff_id"`,
        [hashStaffToken(token), now],
      );
      const staffId = row[0]?.staff_id;
      const found = staffId ? await manager.findOneBy(StaffMemberEntity, { id: staffId }) : null;
      if (!found || found.deactivatedAt) {
        throw new BadUserInputError('token', 'The link is not valid any more: ask for a new one', {
          reason: 'TOKEN_INVALID',
        });
      }
      await manager.update(StaffMemberEntity, { id: found.id }, { passwordHash, failedSignIns: 0, lockedUntil: null });
      // Every other outstanding token of the member stops working too.
      await manager.update(StaffTokenEntity, { staffId: found.id, usedAt: IsNull() }, { usedAt: now });
      return found;
    });
    await this.accounts.endSessions(member);
  }

  /** Starts TOTP enrolment: a new secret, shown once, that works after `confirmTotpEnrollment`. */
  async beginTotpEnrollment(caller: AuthContext): Promise<{ secret: string; otpauthUri: string }> {
    const staff = this.requireStaff(caller);
    const member = await this.staff.findOneByOrFail({ id: staff.id });
    const secret = new Secret({ size: 20 }).base32;
    await this.staff.update(
      { id: member.id },
      { totpSecret: sealSecret(this.config.SECRETS_KEY, secret, TOTP_CONTEXT), totpEnabledAt: null },
    );
    return { secret, otpauthUri: totpOf(secret, member.email).toString() };
  }

  async confirmTotpEnrollment(caller: AuthContext, code: string): Promise<StaffMemberEntity> {
    const staff = this.requireStaff(caller);
    const member = await this.staff.findOne({
      where: { id: staff.id },
      select: { id: true, email: true, totpSecret: true },
    });
    const secret = member?.totpSecret ? openSecret(this.config.SECRETS_KEY, member.totpSecret, TOTP_CONTEXT) : null;
    if (!member || !secret || totpOf(secret, member.email).validate({ token: code.trim(), window: 1 }) === null) {
      throw new BadUserInputError('code', 'The verification code is not correct', { reason: 'TOTP_INVALID' });
    }
    await this.staff.update({ id: member.id }, { totpEnabledAt: this.clock.now() });
    return this.staff.findOneByOrFail({ id: member.id });
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  private requireStaff(caller: AuthContext) {
    if (!caller.staff)
      throw new ForbiddenError('This operation is for a staff session', { reason: 'STAFF_SESSION_REQUIRED' });
    return caller.staff;
  }

  private locked(until: Date, now: Date): UnauthenticatedError {
    return new UnauthenticatedError('This account is locked after repeated failed sign-ins; try again later', {
      reason: 'ACCOUNT_LOCKED',
      retryAfter: Math.ceil((until.getTime() - now.getTime()) / 1000),
    });
  }

  /** Counts a failure; the one that reaches the limit locks the account. */
  private async recordFailure(id: string, now: Date): Promise<void> {
    await this.staff.query(
      `UPDATE "staff_member"
          SET "failed_sign_ins" = "failed_sign_ins" + 1,
              "locked_until" = CASE WHEN "failed_sign_ins" + 1 >= $2 THEN $3::timestamptz ELSE "locked_until" END
        WHERE "id" = $1`,
      [id, this.config.SIGN_IN_MAX_FAILURES, new Date(now.getTime() + this.config.SIGN_IN_LOCKOUT)],
    );
  }

  private async send(to: string, subject: string, lines: string[]): Promise<void> {
    if (this.mailer === undefined) {
      this.mailer = this.config.SMTP_URL
        ? createTransport({ url: this.config.SMTP_URL, connectionTimeout: 15_000 })
        : null;
    }
    if (!this.mailer) {
      this.logger.warn('A password reset was asked for, but SMTP_URL is not set: no e-mail was sent');
      return;
    }
    try {
      await this.mailer.sendMail({ from: this.config.MAIL_FROM, to, subject, text: lines.join('\n') });
    } catch (error) {
      // The token is not in the message: it must never reach a log.
      this.logger.error(`sending a password-reset e-mail failed: ${(error as Error).message}`);
    }
  }
}
