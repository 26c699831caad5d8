import { Injectable } from '@nestjs/common';
import { lookupLocalGovernment } from '@tsunagu/directory';
import { ForbiddenError, NotFoundError, type AuthContext } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';
import { CouncilRole } from './council-enums.js';
import { CouncilEntity } from './council.entity.js';

/**
 * The codes an area of municipality codes covers: each code, and the wards of a designated city (名古屋市 231002
 * covers 中川区 231100). What evidence, issues and gaps of a council are matched against.
 */
export function coveredCodes(codes: readonly string[]): string[] {
  const covered = new Set<string>();
  for (const code of codes) {
    covered.add(code);
    for (const ward of lookupLocalGovernment(code)?.wardCodes ?? []) covered.add(ward);
  }
  return [...covered].sort();
}

/** The codes an area overlaps with when it names `code`: the code, its city (for a ward), its wards (for a city). */
export function relatedCodes(codes: readonly string[]): string[] {
  const related = new Set(coveredCodes(codes));
  for (const code of codes) {
    const parent = lookupLocalGovernment(code)?.parentCode;
    if (parent) related.add(parent);
  }
  return [...related].sort();
}

/** The calling agency, for what is recorded in its name (moves, meetings, evidence links). */
export function requireAgencyKey(caller: AuthContext): string {
  if (!caller.agencyId) {
    throw new ForbiddenError('This is done in the name of a member agency: use its key, not a hub-admin key', {
      reason: 'AGENCY_KEY_REQUIRED',
    });
  }
  return caller.agencyId;
}

export interface CouncilView {
  council: CouncilEntity;
  /** The caller's role; null for the hub admin. */
  role: CouncilRole | null;
}

/**
 * Who sees and runs a council (docs/collaboration.md "Councils and regional issues"): member agencies see it and
 * everything of it; the hub admin sees every council; everyone else gets NOT_FOUND, as for a random id. The
 * secretariat (事務局) and the hub admin run it.
 */
@Injectable()
export class CouncilAccess {
  async roleOf(manager: EntityManager, councilId: string, agencyId: string): Promise<CouncilRole | null> {
    const rows: { role: CouncilRole }[] = await manager.query(
      'SELECT role FROM council_member WHERE council_id = $1 AND agency_id = $2',
      [councilId, agencyId],
    );
    return rows[0]?.role ?? null;
  }

  /** The council if the caller may see it; NOT_FOUND (`entity`, e.g. RegionalIssue) otherwise. */
  async visible(
    manager: EntityManager,
    caller: AuthContext,
    councilId: string,
    notFound: () => NotFoundError = () => new NotFoundError('Council', { id: councilId }),
    lock = false,
  ): Promise<CouncilView> {
    const council = await manager.findOne(CouncilEntity, {
      where: { id: councilId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!council) throw notFound();
    if (caller.isHubAdmin) return { council, role: null };
    const role = caller.agencyId ? await this.roleOf(manager, councilId, caller.agencyId) : null;
    if (!role) throw notFound();
    return { council, role };
  }

  /** FORBIDDEN unless the caller runs the council (its secretariat, or the hub admin). */
  requireSecretariat(caller: AuthContext, view: CouncilView): void {
    if (caller.isHubAdmin || view.role === CouncilRole.SECRETARIAT) return;
    throw new ForbiddenError(`Only the secretariat (事務局) of ${view.council.name} does this`, {
      reason: 'SECRETARIAT_ONLY',
    });
  }

  /** The councils the agency is a member of. */
  async councilIdsOf(manager: EntityManager, agencyId: string): Promise<string[]> {
    const rows: { council_id: string }[] = await manager.query(
      'SELECT council_id FROM council_member WHERE agency_id = $1',
      [agencyId],
    );
    return rows.map((row) => row.council_id);
  }
}
