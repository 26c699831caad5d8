import { Injectable } from '@nestjs/common';
import { AgencyEntity, AgencyResponseTargetEntity, AgencyServiceAreaEntity } from '@tsunagu/directory';
import { BadUserInputError, runTransaction } from '@tsunagu/platform';
import { DataSource, In, type EntityManager } from 'typeorm';
import { readHsdsImport, type HsdsImportProblem, type ImportedAgency } from './hsds-import.js';

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
 * `POST /hsds/import` (docs/hsds.md, "Import"): HSDS organizations with their one service into agencies of the
 * directory, created or updated by their UUID, all in one transaction. A dry run does the same work and rolls it
 * back, so its report (and its refusals, such as a code another agency holds) is what the real run would do.
 */
@Injectable()
export class HsdsImportService {
  constructor(private readonly dataSource: DataSource) {}

  async import(body: unknown, dryRun: boolean): Promise<HsdsImportReport> {
    const { agencies, problems } = readHsdsImport(body);
    if (problems.length > 0) throw rejected(problems);
    try {
      return await runTransaction(this.dataSource, async (manager) => {
        const report = await this.write(manager, agencies, dryRun);
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
    for (const agency of agencies) {
      const at = `[${agency.index}]`;
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
}
