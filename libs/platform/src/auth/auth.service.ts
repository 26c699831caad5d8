import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error.js';
import { CSRF_HEADER, type RequestCredentials } from './staff/session-cookie.js';
import { csrfTokenMatches, SessionStore } from './staff/session-store.js';
import { scopesOfRole, StaffRole } from './staff/staff-role.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { EVENT_BUS } from '../queue/event-bus.module.js';
import { type EventBus } from '../queue/event-bus.js';
import { Clock } from '../time/clock.js';
import { keysRevokedTopic, type KeysRevokedPayload } from './key-revocation.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { apiKeyMatches, apiKeyPrefix, bearerToken } from './api-key-secret.js';
import { type AuthContext } from './auth-context.js';
import { isScope, Scope } from './scope.js';

/** `last_used_at` is written at most this often per key, so authentication does not cost a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Keys an instance keeps in memory at most (the oldest looked-up go first). */
export const KEY_CACHE_SIZE = 10_000;

type KeyRow = Pick<ApiKeyEntity, 'id' | 'agencyId' | 'scopes' | 'secretHash' | 'lastUsedAt' | 'expiresAt'>;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  /** Live keys looked up recently, by prefix, with when they were read. */
  private readonly cache = new Map<string, { key: KeyRow; readAt: number }>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly sessions?: SessionStore,
    /** Revocations announced by any instance drop the keys from this one's cache (absent in the CLI). */
    @Optional() @Inject(EVENT_BUS) bus?: EventBus,
  ) {
    bus?.on(keysRevokedTopic(config), ((message: { payload?: KeysRevokedPayload }, done: () => void) => {
      try {
        if (Array.isArray(message.payload?.keyIds)) this.forgetKeys(message.payload.keyIds);
      } finally {
        done();
      }
    }) as never);
  }

  /** Drops keys from this instance's cache: their next request reads the database again. */
  forgetKeys(keyIds: readonly string[]): void {
    const ids = new Set(keyIds);
    for (const [prefix, entry] of this.cache) if (ids.has(entry.key.id)) this.cache.delete(prefix);
  }

  /**
   * The caller of a request: its API key when it sends `Authorization`, otherwise its console session, which
   * must come with the session's CSRF token (a cookie is sent by the browser to any site's request; the token
   * only by the console's own pages).
   */
  async authenticateRequest(credentials: RequestCredentials): Promise<AuthContext> {
    if (credentials.authorization !== undefined || !credentials.sessionToken || !this.sessions) {
      return this.authenticate(credentials.authorization);
    }
    const session = await this.sessions.resolve(credentials.sessionToken, this.clock.now().getTime());
    if (!session) {
      throw new UnauthenticatedError('The session has ended; sign in again', { reason: 'SESSION_ENDED' });
    }
    if (!csrfTokenMatches(session, credentials.csrfToken)) {
      throw new ForbiddenError(`A request with the session cookie needs the session's ${CSRF_HEADER} header`, {
        reason: 'CSRF_TOKEN_INVALID',
      });
    }
    return {
      keyId: session.keyId,
      agencyId: session.agencyId,
      scopes: scopesOfRole(session.role),
      isHubAdmin: session.role === StaffRole.HUB_ADMIN,
      expiresAt: new Date(session.expiresAt),
      staff: { id: session.staffId, role: session.role, sessionId: session.id },
    };
  }

  /**
   * Resolves an `Authorization` value to the calling key, without a database round trip for a key this
   * instance read within API_KEY_CACHE_TTL. Revoked keys stop working at once all the same: a revocation drops
   * them from the revoking instance's cache before it answers and from every other instance's through the
   * Redis bus; an expiring key is checked against its expiry on every request.
   */
  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError();
    const prefix = apiKeyPrefix(token);
    if (!prefix) throw new UnauthenticatedError('The API key is not valid');
    const now = this.clock.now();
    const key = this.cachedKey(prefix, now) ?? (await this.lookUp(prefix, now));
    if (!key || !apiKeyMatches(token, key.secretHash)) throw new UnauthenticatedError('The API key is not valid');
    if (key.expiresAt && key.expiresAt <= now) {
      this.cache.delete(prefix);
      throw new UnauthenticatedError('The API key is not valid');
    }
    this.recordUse(key, now);
    const scopes = key.scopes.filter(isScope);
    return {
      keyId: key.id,
      agencyId: key.agencyId,
      scopes,
      isHubAdmin: key.agencyId === null && scopes.includes(Scope.ADMIN),
      expiresAt: key.expiresAt ?? null,
    };
  }

  private cachedKey(prefix: string, now: Date): KeyRow | null {
    const entry = this.cache.get(prefix);
    if (!entry) return null;
    if (now.getTime() - entry.readAt >= this.config.API_KEY_CACHE_TTL) {
      this.cache.delete(prefix);
      return null;
    }
    return entry.key;
  }

  private async lookUp(prefix: string, now: Date): Promise<KeyRow | null> {
    const key = await this.keys.findOne({
      where: [
        { prefix, kind: 'SYSTEM', revokedAt: IsNull(), expiresAt: IsNull() },
        { prefix, kind: 'SYSTEM', revokedAt: IsNull(), expiresAt: MoreThan(now) },
      ],
      select: { id: true, agencyId: true, scopes: true, secretHash: true, lastUsedAt: true, expiresAt: true },
    });
    if (!key) return null;
    if (this.cache.size >= KEY_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(prefix, { key, readAt: now.getTime() });
    return key;
  }

  /**
   * Stamps `last_used_at` when the stored time is older than the resolution; the request does not wait for
   * it, and a failed write costs a log line, not the request.
   */
  private recordUse(key: Pick<ApiKeyEntity, 'id' | 'lastUsedAt'>, now: Date): void {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (key.lastUsedAt && key.lastUsedAt.getTime() >= staleBefore.getTime()) return;
    // The cached row remembers the write, so the next requests within the resolution skip it.
    key.lastUsedAt = now;
    void this.keys
      .query(
        `UPDATE "api_key" SET "last_used_at" = $2
          WHERE "id" = $1 AND ("last_used_at" IS NULL OR "last_used_at" < $3)`,
        [key.id, now, staleBefore],
      )
      .catch((error: unknown) => {
        this.logger.warn(`recording the use of key ${key.id} failed: ${(error as Error).message}`);
      });
  }
}
