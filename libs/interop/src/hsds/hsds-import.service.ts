import { Injectable } from '@nestjs/common';
import {
  AgencyEntity,
  AgencyResponseTargetEntity,
  AgencyServiceAreaEntity,
  CommunityResourceEntity,
  CommunityResourcesService,
} from '@tsunagu/directory';
import { BadUserInputError, DomainError, runTransaction } from '@tsunagu/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { readHsdsImport, type HsdsImportProblem, type ImportedAgency, type ImportedResource } from './hsds-import.js';

export interface HsdsImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  records: { index: number; id: string; code: string; name: string; action: 'create' | 'update' }[];
}

/** Thrown inside the transaction of a dry run so that everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly report: HsdsImportReport) {
    super('dry run');
  }
}

function rejected(problems: HsdsImportProblem[]): BadUserInputError {
  return new BadUserInputError(
    problems[0].field,
    `${problems.length} problem(s) in the import; nothing was imported: ${problems[0].field} ${problems[0].message}`,
    { reason: 'INVALID_HSDS', errors: problems },
  );
}

/**
 * Where in the HSDS record a field of the community-resource input comes from, for the service's refusals
 * (`[2].municipalityCodes.1` → `[2].services[0].service_areas[1].extent`).
 */
function hsdsPathOf(field: string, at: string): string {
  const sat = `${at}.services[0]`;
  const rest = field.startsWith(at) ? field.slice(at.length) : '';
  const area = /^\.municipalityCodes\.(\d+)$/.exec(rest);
  if (area) return `${sat}.service_areas[${area[1]}].extent`;
  const paths: Record<string, string> = {
    '.name': `${at}.name`,
    '.kind': `${at}.attributes`,
    '.description': `${at}.description`,
    '.municipalityCodes': `${sat}.service_areas`,
    '.contact': `${sat}.contacts`,
    '.code': `${at}.organization_identifiers`,
    '.closedReason': `${sat}.alert`,
    '.status': `${sat}.status`,
  };
  if (rest.startsWith('.needCategories')) return `${sat}.attributes`;
  return paths[rest] ?? at;
}

/**
 * `POST /hsds/import` (docs/hsds.md, "Import"): HSDS organizations with their one service into agencies and
 * community resources of the directory, created or updated by their UUID, all in one transaction (community
 * resources through CommunityResourcesService, with the mutations' validation). A dry run does the same work and
 * rolls it back, so its report (and its refusals, such as a code another agency holds) is what the real run
 * would do.
 */
@Injectable()
export class HsdsImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly communityResources: CommunityResourcesService,
  ) {}

  async import(body: unknown, dryRun: boolean): Promise<HsdsImportReport> {
    const { agencies, resources, problems } = readHsdsImport(body);
    if (problems.length > 0) throw rejected(problems);
    try {
      return await runTransaction(this.dataSource, async (manager) => {
        const report = await this.write(manager, agencies, dryRun);
        await this.writeResources(manager, resources, report);
        report.records.sort((a, b) => a.index - b.index);
        if (dryRun) throw new DryRunRollback(report);
        return report;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  private async write(manager: EntityManager, agencies: ImportedAgency[], dryRun: boolean): Promise<HsdsImportReport> {
    const ids = agencies.map((agency) => agency.id);
    const existing = new Map(
      (ids.length
        ? await manager.find(AgencyEntity, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } })
        : []
      ).map((agency) => [agency.id, agency]),
    );
    const codes = agencies.map((agency) => agency.code).filter((code): code is string => code !== null);
    const holders = new Map(
      (codes.length
        ? await manager.find(AgencyEntity, { where: { code: In(codes) }, select: { id: true, code: true } })
        : []
      ).map((agency) => [agency.code, agency.id]),
    );
    const problems: HsdsImportProblem[] = [];
    const resourceIds = new Set(
      (ids.length
        ? await manager.find(CommunityResourceEntity, { where: { id: In(ids) }, select: { id: true } })
        : []
      ).map((resource) => resource.id),
    );
    for (const agency of agencies) {
      const at = `[${agency.index}]`;
      if (resourceIds.has(agency.id)) {
        problems.push({ field: `${at}.id`, message: 'is the id of a community resource, not of an agency' });
      }
      if (!existing.has(agency.id)) {
        if (!agency.code) {
          problems.push({
            field: `${at}.organization_identifiers`,
            message: 'a new agency needs its code (identifier_type "Tsunagu agency code")',
          });
        }
        if (!agency.sector) {
          problems.push({ field: `${at}.attributes`, message: 'a new agency needs its tsunagu-sector attribute' });
        }
      }
      const holder = agency.code ? holders.get(agency.code) : undefined;
      if (holder && holder !== agency.id) {
        problems.push({
          field: `${at}.organization_identifiers`,
          message: `code ${agency.code} belongs to another agency (${holder})`,
        });
      }
    }
    if (problems.length > 0) throw rejected(problems);

    const report: HsdsImportReport = { dryRun, created: 0, updated: 0, records: [] };
    for (const agency of agencies) {
      const current = existing.get(agency.id);
      const fields = {
        name: agency.name,
        nameEn: agency.nameEn,
        kind: agency.kind,
        contactEmail: agency.contactEmail,
        needCategories: agency.needCategories,
        acceptingReferrals: agency.acceptingReferrals,
        ...(agency.code ? { code: agency.code } : {}),
        ...(agency.sector ? { sector: agency.sector } : {}),
      };
      if (current) {
        await manager
          .createQueryBuilder()
          .update(AgencyEntity)
          .set(fields)
          .where('id = :id', { id: agency.id })
          .execute();
        report.updated++;
      } else {
        await manager.save(
          manager.create(AgencyEntity, { id: agency.id, ...fields, isHubCoordinator: false, isDemo: false }),
        );
        report.created++;
      }
      await manager.delete(AgencyServiceAreaEntity, { agencyId: agency.id });
      await manager.insert(
        AgencyServiceAreaEntity,
        agency.serviceAreas.map((area) => ({ ...area, agencyId: agency.id })),
      );
      await manager.delete(AgencyResponseTargetEntity, { agencyId: agency.id });
      await manager.insert(
        AgencyResponseTargetEntity,
        agency.responseTargets.map((target) => ({ ...target, agencyId: agency.id })),
      );
      report.records.push({
        index: agency.index,
        id: agency.id,
        code: agency.code ?? current?.code ?? '',
        name: agency.name,
        action: current ? 'update' : 'create',
      });
    }
    return report;
  }

  /**
   * The community resources, after the agencies in the same transaction: every refusal of the service is
   * collected with its HSDS path, and any refusal rejects the whole import.
   */
  private async writeResources(
    manager: EntityManager,
    resources: ImportedResource[],
    report: HsdsImportReport,
  ): Promise<void> {
    if (resources.length === 0) return;
    const ids = resources.map((resource) => resource.id);
    const agencyIds = new Set(
      (await manager.find(AgencyEntity, { where: { id: In(ids) }, select: { id: true } })).map((agency) => agency.id),
    );
    const problems: HsdsImportProblem[] = [];
    for (const resource of resources) {
      const at = `[${resource.index}]`;
      if (agencyIds.has(resource.id)) {
        problems.push({ field: `${at}.id`, message: 'is the id of an agency, not of a community resource' });
        continue;
      }
      try {
        const { resource: written, action } = await this.communityResources.importResource(
          manager,
          { id: resource.id, code: resource.code, input: resource.input, closedReason: resource.closedReason },
          at,
        );
        report[action === 'create' ? 'created' : 'updated']++;
        report.records.push({
          index: resource.index,
          id: written.id,
          code: written.code ?? '',
          name: written.name,
          action,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const field = typeof error.details.field === 'string' ? error.details.field : at;
        problems.push({ field: hsdsPathOf(field, at), message: error.message });
      }
    }
    if (problems.length > 0) throw rejected(problems);
  }
}
