import { registerEnumType } from '@nestjs/graphql';
import { AGENCY_SCOPES, Scope } from '../scope.js';

/** What a staff member may do in the console (and through the API with the session). */
export enum StaffRole {
  /** Sends, accepts and works referrals, consents, conferences and tasks for the agency. */
  CASEWORKER = 'CASEWORKER',
  /** A caseworker who also manages the agency's staff accounts, API keys and webhooks. */
  AGENCY_ADMIN = 'AGENCY_ADMIN',
  /** A caseworker of the area's coordinating agency who also reads the hub's statistics. */
  HUB_COORDINATOR = 'HUB_COORDINATOR',
  /** Runs the hub; belongs to no agency. */
  HUB_ADMIN = 'HUB_ADMIN',
}

registerEnumType(StaffRole, {
  name: 'StaffRole',
  description: '職員の役割 / What a staff member may do.',
  valuesMap: {
    CASEWORKER: { description: '相談員 / Works referrals, consents, conferences and tasks for the agency.' },
    AGENCY_ADMIN: { description: '機関管理者 / A caseworker who also manages the agency staff, keys and webhooks.' },
    HUB_COORDINATOR: { description: '地域の調整担当 / A caseworker of the coordinating agency; reads hub statistics.' },
    HUB_ADMIN: { description: 'ハブ管理者 / Runs the hub; belongs to no agency.' },
  },
});

const CASEWORK: readonly Scope[] = AGENCY_SCOPES.filter(
  (scope) => scope !== Scope.WEBHOOKS_MANAGE && scope !== Scope.DIRECTORY_WRITE,
);

/** The scopes a session of the role carries; the same authorization rules then apply as for an API key. */
export function scopesOfRole(role: StaffRole): Scope[] {
  switch (role) {
    case StaffRole.CASEWORKER:
    case StaffRole.HUB_COORDINATOR:
      return [...CASEWORK];
    case StaffRole.AGENCY_ADMIN:
      return [...AGENCY_SCOPES];
    case StaffRole.HUB_ADMIN:
      return [Scope.ADMIN];
  }
}

/** Roles that manage staff accounts and API keys: their agency's, or (hub admin) every agency's. */
export function managesAccounts(role: StaffRole | null | undefined): boolean {
  return role === StaffRole.AGENCY_ADMIN || role === StaffRole.HUB_ADMIN;
}

export function isStaffRole(value: string): value is StaffRole {
  return (Object.values(StaffRole) as string[]).includes(value);
}
