import { ForbiddenError } from '../errors/domain-error.js';
import { Scope } from './scope.js';
import { type StaffRole } from './staff/staff-role.js';

/** Who is calling: resolved from the API key once per request. */
export interface AuthContext {
  keyId: string;
  /** The calling agency; null for hub-admin keys. */
  agencyId: string | null;
  scopes: readonly Scope[];
  isHubAdmin: boolean;
  /** When the key stops working; null or absent for a key that does not expire. */
  expiresAt?: Date | null;
  /** Set when a staff member calls through a console session (then `keyId` is the member's principal). */
  staff?: StaffCaller | null;
}

/** The staff member behind a session. */
export interface StaffCaller {
  id: string;
  role: StaffRole;
  /** The session's id (a hash of its cookie), for signing this session out. */
  sessionId: string;
}

export function hasScope(auth: AuthContext, scope: Scope): boolean {
  return auth.isHubAdmin || auth.scopes.includes(scope);
}

/** FORBIDDEN (with `missingScopes`) unless the key holds every scope: the guard's check, for any field. */
export function assertScopes(auth: AuthContext | undefined, scopes: readonly Scope[]): AuthContext {
  if (!auth) throw new ForbiddenError('This field needs an authenticated key');
  const missing = scopes.filter((scope) => !hasScope(auth, scope));
  if (missing.length > 0) {
    throw new ForbiddenError(`The API key lacks the scope ${missing.join(', ')}`, { missingScopes: missing });
  }
  return auth;
}

/**
 * Every field that discloses a person's data — a `Person`, and the free text written about the person — calls
 * this wherever the field is reached (a root query, a nested `referral { person }`, a mutation's result, a
 * subscription event), so a key without `persons:read` never reads person data by another path.
 */
export function assertPersonsRead(auth: AuthContext | undefined): AuthContext {
  return assertScopes(auth, [Scope.PERSONS_READ]);
}
