import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import { type AppConfig } from '../../config/config.schema.js';
import { REDIS } from '../../queue/redis.module.js';
import { type StaffRole } from './staff-role.js';

/** What a session holds: enough to authorize a request without reading the database. */
export interface StaffSession {
  /** SHA-256 of the cookie value (hex): the Redis key; the cookie value itself is never stored. */
  id: string;
  staffId: string;
  keyId: string;
  agencyId: string | null;
  role: StaffRole;
  /** Sent back by the console in `x-csrf-token` on every request (and in graphql-ws `connection_init`). */
  csrfToken: string;
  createdAt: number;
  /** The absolute end; the idle end is the Redis key's expiry, renewed by every request. */
  expiresAt: number;
}

export type NewSession = Pick<StaffSession, 'staffId' | 'keyId' | 'agencyId' | 'role'>;

const sessionKey = (id: string) => `session:${id}`;
const staffSessionsKey = (staffId: string) => `staff-sessions:${staffId}`;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Console sessions in Redis. The cookie carries 256 random bits; Redis keeps the session under the token's
 * hash with the idle timeout as its expiry (renewed on use, never past the absolute end), plus a set of each
 * staff member's sessions so "sign out everywhere" and deactivation end them all at once.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Absent in the CLI, which signs nobody in. */
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  async create(values: NewSession, now: number): Promise<{ token: string; session: StaffSession }> {
    const redis = this.client();
    const token = randomBytes(32).toString('base64url');
    const session: StaffSession = {
      ...values,
      id: hashToken(token),
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.config.SESSION_ABSOLUTE_TIMEOUT,
    };
    await redis
      .multi()
      .set(sessionKey(session.id), JSON.stringify(session), 'PX', this.idleTtl(session, now))
      .sadd(staffSessionsKey(values.staffId), session.id)
      .pexpire(staffSessionsKey(values.staffId), this.config.SESSION_ABSOLUTE_TIMEOUT)
      .exec();
    return { token, session };
  }

  /** The live session of a cookie value, its idle expiry renewed; null when unknown, idle or past its end. */
  async resolve(token: string, now: number): Promise<StaffSession | null> {
    if (!token || token.length > 100) return null;
    const redis = this.client();
    const id = hashToken(token);
    const raw = await redis.getex(sessionKey(id), 'PX', this.config.SESSION_IDLE_TIMEOUT);
    if (!raw) return null;
    const session = JSON.parse(raw) as StaffSession;
    if (session.expiresAt <= now) {
      await this.end([session]);
      return null;
    }
    // Renewed to the idle timeout above; never past the absolute end.
    if (session.expiresAt - now < this.config.SESSION_IDLE_TIMEOUT) {
      await redis.pexpire(sessionKey(id), Math.max(1, session.expiresAt - now));
    }
    return session;
  }

  async destroy(session: Pick<StaffSession, 'id' | 'staffId'>): Promise<void> {
    await this.end([session]);
  }

  /** Ends every session of a staff member; returns how many were live. */
  async destroyAll(staffId: string): Promise<number> {
    const redis = this.client();
    const ids = await redis.smembers(staffSessionsKey(staffId));
    if (ids.length === 0) return 0;
    const removed = await redis.del(...ids.map(sessionKey));
    await redis.del(staffSessionsKey(staffId));
    return removed;
  }

  /** True the first time `name` is claimed within `ttlMs`, false afterwards (Redis SET NX). */
  async claimOnce(name: string, ttlMs: number): Promise<boolean> {
    return (await this.client().set(name, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  private async end(sessions: readonly Pick<StaffSession, 'id' | 'staffId'>[]): Promise<void> {
    const redis = this.client();
    const multi = redis.multi();
    for (const session of sessions) {
      multi.del(sessionKey(session.id)).srem(staffSessionsKey(session.staffId), session.id);
    }
    await multi.exec();
  }

  private idleTtl(session: StaffSession, now: number): number {
    return Math.max(1, Math.min(this.config.SESSION_IDLE_TIMEOUT, session.expiresAt - now));
  }

  private client(): Redis {
    if (!this.redis) throw new Error('Sessions need Redis');
    return this.redis;
  }
}

/** Constant-time comparison of the CSRF token a request sent with the session's. */
export function csrfTokenMatches(session: Pick<StaffSession, 'csrfToken'>, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
