/** API-key scopes of the partner contract (shared/API.md). `admin` belongs to hub-admin keys only. */
export enum Scope {
  DIRECTORY_READ = 'directory:read',
  DIRECTORY_WRITE = 'directory:write',
  PERSONS_READ = 'persons:read',
  PERSONS_WRITE = 'persons:write',
  REFERRALS_READ = 'referrals:read',
  REFERRALS_WRITE = 'referrals:write',
  WEBHOOKS_MANAGE = 'webhooks:manage',
  STATS_READ = 'stats:read',
  /** Case conferences (個別支援会議), the shared support plan and its tasks. */
  CONFERENCES_READ = 'conferences:read',
  CONFERENCES_WRITE = 'conferences:write',
  /** Councils (協議会), regional issues and community resources. */
  COUNCILS_READ = 'councils:read',
  COUNCILS_WRITE = 'councils:write',
  ADMIN = 'admin',
}

export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);
export const AGENCY_SCOPES: readonly Scope[] = ALL_SCOPES.filter((scope) => scope !== Scope.ADMIN);

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
