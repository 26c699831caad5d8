import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgencyEntity, CommunityResourceEntity } from '@tsunagu/directory';
import { BadUserInputError, NotFoundError } from '@tsunagu/platform';
import { Repository } from 'typeorm';
import { UUID_PATTERN } from './hsds-ids.js';
import {
  agencyToHsds,
  communityResourceToHsds,
  organizationListItem,
  serviceDetail,
  serviceListItem,
  type HsdsRecord,
} from './hsds-mapping.js';
import { parsePageRequest, toPage } from './hsds-paging.js';
import { tabularZip } from './hsds-tabular.js';
import { allTaxonomies, allTaxonomyTerms } from './hsds-taxonomies.js';
import type { HsdsOrganization, HsdsPage, HsdsService, HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds-types.js';

export interface HsdsListQuery {
  page?: string;
  per_page?: string;
  search?: string;
  organization_id?: string;
  taxonomy_term_id?: string;
  taxonomy_id?: string;
}

function uuidParameter(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!UUID_PATTERN.test(value)) throw new BadUserInputError(field, `${field} must be a UUID`);
  return value.toLowerCase();
}

function matchesSearch(record: HsdsRecord, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  const { organization, service } = record;
  return [organization.name, organization.alternate_name, service.description]
    .filter((text): text is string => Boolean(text))
    .some((text) => text.toLowerCase().includes(needle));
}

/**
 * The directory read as HSDS: every agency and community resource, mapped by hsds-mapping.ts. The directory
 * of one hub is small (hundreds of records), so a request reads it whole and filters and pages in memory; the
 * order is stable (agencies by code, then community resources by name and id).
 */
@Injectable()
export class HsdsDirectoryService {
  constructor(
    @InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>,
    @InjectRepository(CommunityResourceEntity) private readonly resources: Repository<CommunityResourceEntity>,
  ) {}

  private async records(): Promise<HsdsRecord[]> {
    const [agencies, resources] = await Promise.all([
      this.agencies.find({
        relations: { serviceAreas: true, responseTargets: true },
        order: { code: 'ASC' },
      }),
      this.resources.find({ order: { name: 'ASC', id: 'ASC' } }),
    ]);
    return [...agencies.map(agencyToHsds), ...resources.map(communityResourceToHsds)];
  }

  async services(query: HsdsListQuery): Promise<HsdsPage<HsdsService>> {
    const request = parsePageRequest(query);
    const organizationId = uuidParameter(query.organization_id, 'organization_id');
    const termId = uuidParameter(query.taxonomy_term_id, 'taxonomy_term_id');
    const taxonomyId = uuidParameter(query.taxonomy_id, 'taxonomy_id');
    const records = (await this.records()).filter((record) => {
      const attributes = record.service.attributes ?? [];
      return (
        (!organizationId || record.organization.id === organizationId) &&
        (!termId || attributes.some((attribute) => attribute.taxonomy_term_id === termId)) &&
        (!taxonomyId || attributes.some((attribute) => attribute.taxonomy_term.taxonomy_id === taxonomyId)) &&
        matchesSearch(record, query.search)
      );
    });
    return toPage(records.map(serviceListItem), request);
  }

  async service(id: string): Promise<HsdsService> {
    const record = (await this.records()).find((candidate) => candidate.service.id === id.toLowerCase());
    if (!record) throw new NotFoundError('Service', { id });
    return serviceDetail(record);
  }

  async organizations(query: HsdsListQuery): Promise<HsdsPage<HsdsOrganization>> {
    const request = parsePageRequest(query);
    const records = (await this.records()).filter((record) => matchesSearch(record, query.search));
    return toPage(records.map(organizationListItem), request);
  }

  async organization(id: string): Promise<HsdsOrganization> {
    const record = (await this.records()).find((candidate) => candidate.organization.id === id.toLowerCase());
    if (!record) throw new NotFoundError('Organization', { id });
    return record.organization;
  }

  /** The whole directory in the tabular form (hsds-tabular.ts): a zip of the CSV files and datapackage.json. */
  async tabularExport(now: Date = new Date()): Promise<Uint8Array> {
    return tabularZip(await this.records(), allTaxonomies(), allTaxonomyTerms(), now);
  }

  /** Always empty: the directory keeps no addresses, so there are no locations to deliver services at. */
  serviceAtLocations(query: HsdsListQuery): HsdsPage<never> {
    return toPage([], parsePageRequest(query));
  }

  serviceAtLocation(id: string): never {
    throw new NotFoundError('ServiceAtLocation', { id });
  }

  taxonomies(query: HsdsListQuery): HsdsPage<HsdsTaxonomy> {
    return toPage(allTaxonomies(), parsePageRequest(query));
  }

  taxonomy(id: string): HsdsTaxonomy {
    const found = allTaxonomies().find((candidate) => candidate.id === id.toLowerCase());
    if (!found) throw new NotFoundError('Taxonomy', { id });
    return found;
  }

  taxonomyTerms(query: HsdsListQuery): HsdsPage<HsdsTaxonomyTerm> {
    const request = parsePageRequest(query);
    const taxonomyId = uuidParameter(query.taxonomy_id, 'taxonomy_id');
    const terms = allTaxonomyTerms().filter((term) => !taxonomyId || term.taxonomy_id === taxonomyId);
    return toPage(terms, request);
  }

  taxonomyTerm(id: string): HsdsTaxonomyTerm {
    const found = allTaxonomyTerms().find((candidate) => candidate.id === id.toLowerCase());
    if (!found) throw new NotFoundError('TaxonomyTerm', { id });
    return found;
  }
}
