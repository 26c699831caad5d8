import { type Scope } from './scope.js';

/** Who is calling: resolved from the API key once per request. */
export interface AuthContext {
  keyId: string;
  /** The calling agency; null for hub-admin keys. */
  agencyId: string | null;
  scopes: readonly Scope[];
  isHubAdmin: boolean;
}

export function hasScope(auth: AuthContext, scope: Scope): boolean {
  return auth.isHubAdmin || auth.scopes.includes(scope);
}
