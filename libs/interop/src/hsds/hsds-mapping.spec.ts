import { AreaLevel, Sector, Urgency } from '@tsunagu/directory';
import { serviceIdOf, taxonomyTermIdOf, uuidV5 } from './hsds-ids.js';
import {
  agencyToHsds,
  communityResourceToHsds,
  contactOfText,
  organizationListItem,
  serviceDetail,
  serviceListItem,
  type AgencySource,
  type CommunityResourceSource,
} from './hsds-mapping.js';
import { HsdsSchemaValidator } from './hsds-schema.js';
import { allTaxonomies, allTaxonomyTerms, TAXONOMY } from './hsds-taxonomies.js';
import type { HsdsAttribute } from './hsds-types.js';

const AGENCY_ID = '0b6f3d2e-1c4a-4f7e-9a55-3e2d1c0b9a87';
const AREA_ID = '5a1e2f3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const WARD_AREA_ID = '9c8b7a6f-5e4d-4c3b-a2b1-0f9e8d7c6b5a';
const RESOURCE_ID = 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9';

function agency(overrides: Partial<AgencySource> = {}): AgencySource {
  return {
    id: AGENCY_ID,
    code: 'NAGOYA-NAKAGAWA-JIRITSU',
    name: '中川区自立相談支援センター',
    nameEn: 'Nakagawa self-reliance support centre',
    sector: Sector.POVERTY,
    kind: '自立相談支援機関',
    contactEmail: 'window@example.jp',
    needCategories: ['INCOME', 'HOUSING'],
    acceptingReferrals: true,
    updatedAt: new Date('2026-04-01T09:00:00Z'),
    serviceAreas: [
      { id: WARD_AREA_ID, level: AreaLevel.NEIGHBOURHOOD, code: '231100-TOMITA', name: '富田地区' },
      { id: AREA_ID, level: AreaLevel.MUNICIPALITY, code: '231100', name: null },
    ],
    responseTargets: [
      { urgency: Urgency.NORMAL, acknowledgeWithin: 'P2D', decideWithin: 'P5D', businessTime: true },
      { urgency: Urgency.EMERGENCY, acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false },
    ],
    ...overrides,
  };
}

function resource(overrides: Partial<CommunityResourceSource> = {}): CommunityResourceSource {
  return {
    id: RESOURCE_ID,
    code: 'KODOMO-SHOKUDO-1',
    name: 'とみた子ども食堂',
    kind: 'FOOD_SUPPORT',
    description: '毎月第2土曜日の子ども食堂',
    needCategories: ['DAILY_LIVING', 'CHILD_FAMILY'],
    municipalityCodes: ['231100'],
    contact: '052-123-4567',
    status: 'ACTIVE',
    closedReason: null,
    updatedAt: new Date('2026-05-01T00:00:00Z'),
    ...overrides,
  };
}

function codes(attributes: HsdsAttribute[] | undefined, taxonomy: string): (string | undefined)[] {
  return (attributes ?? []).filter((a) => a.taxonomy_term.taxonomy === taxonomy).map((a) => a.taxonomy_term.code);
}

const validator = new HsdsSchemaValidator();

describe('uuidV5', () => {
  it('derives the RFC 9562 name-based UUID (the RFC example: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('agencyToHsds', () => {
  it('makes the agency an organization with its UUID, English name, sector and agency code', () => {
    const { organization } = agencyToHsds(agency());
    expect(organization).toMatchObject({
      id: AGENCY_ID,
      name: '中川区自立相談支援センター',
      alternate_name: 'Nakagawa self-reliance support centre',
      email: 'window@example.jp',
      organization_identifiers: [{ identifier_type: 'Tsunagu agency code', identifier: 'NAGOYA-NAKAGAWA-JIRITSU' }],
    });
    expect(organization.description).toContain('自立相談支援機関');
    expect(codes(organization.attributes, TAXONOMY.SECTOR)).toEqual(['POVERTY']);
    expect(codes(organization.attributes, TAXONOMY.RECORD_KIND)).toEqual(['AGENCY']);
  });

  it('gives the agency one service with a stable id derived from the agency, its needs as taxonomy terms', () => {
    const first = agencyToHsds(agency()).service;
    const again = agencyToHsds(agency()).service;
    expect(first.id).toBe(serviceIdOf(AGENCY_ID));
    expect(first.id).toBe(again.id);
    expect(first.id).not.toBe(AGENCY_ID);
    expect(first.organization_id).toBe(AGENCY_ID);
    expect(first.status).toBe('active');
    expect(first.last_modified).toBe('2026-04-01T09:00:00.000Z');
    const needs = (first.attributes ?? []).filter((a) => a.taxonomy_term.taxonomy === TAXONOMY.NEED_CATEGORY);
    expect(needs.map((a) => a.taxonomy_term_id)).toEqual([
      taxonomyTermIdOf(TAXONOMY.NEED_CATEGORY, 'INCOME'),
      taxonomyTermIdOf(TAXONOMY.NEED_CATEGORY, 'HOUSING'),
    ]);
    expect(needs.every((a) => a.link_id === first.id && a.link_entity === 'service')).toBe(true);
  });

  it('maps service areas with the local-government code in extent and the full name in name', () => {
    const areas = agencyToHsds(agency()).service.service_areas ?? [];
    expect(areas).toHaveLength(2);
    expect(areas[0]).toMatchObject({
      id: WARD_AREA_ID,
      extent: '231100-TOMITA',
      extent_type: 'text',
      name: '愛知県名古屋市中川区 富田地区',
    });
    expect(areas[1]).toMatchObject({ id: AREA_ID, extent: '231100', name: '愛知県名古屋市中川区' });
    expect(codes(areas[0].attributes, TAXONOMY.AREA_LEVEL)).toEqual(['NEIGHBOURHOOD']);
    expect(codes(areas[1].attributes, TAXONOMY.AREA_LEVEL)).toEqual(['MUNICIPALITY']);
  });

  it('maps response targets per urgency to tsunagu-response-target attributes with ISO 8601 durations', () => {
    const attributes = agencyToHsds(agency()).service.attributes ?? [];
    const targets = attributes
      .filter((a) => a.taxonomy_term.taxonomy === TAXONOMY.RESPONSE_TARGET)
      .map((a) => [a.taxonomy_term.code, a.value]);
    expect(targets).toEqual([
      ['EMERGENCY_ACKNOWLEDGE', 'PT1H'],
      ['EMERGENCY_DECIDE', 'PT4H'],
      ['EMERGENCY_BUSINESS_TIME', 'false'],
      ['NORMAL_ACKNOWLEDGE', 'P2D'],
      ['NORMAL_DECIDE', 'P5D'],
      ['NORMAL_BUSINESS_TIME', 'true'],
    ]);
  });

  it('puts the contact e-mail on a contact of the service, and no contact when the agency has none', () => {
    const { service } = agencyToHsds(agency());
    expect(service.contacts).toEqual([expect.objectContaining({ service_id: service.id, email: 'window@example.jp' })]);
    const without = agencyToHsds(agency({ contactEmail: null }));
    expect(without.service.contacts).toEqual([]);
    expect(without.service).not.toHaveProperty('email');
    expect(without.organization).not.toHaveProperty('email');
  });

  it('shows an agency not accepting referrals as a temporarily closed service', () => {
    expect(agencyToHsds(agency({ acceptingReferrals: false })).service.status).toBe('temporarily closed');
  });

  it('emits no location or service_at_location (the directory keeps no addresses)', () => {
    const { organization, service } = agencyToHsds(agency());
    expect(organization.locations).toEqual([]);
    expect(service.service_at_locations).toEqual([]);
  });

  it('leaves out a need code the taxonomy does not know rather than inventing a term', () => {
    const { service } = agencyToHsds(agency({ needCategories: ['INCOME', 'NO_SUCH_NEED'] }));
    expect(codes(service.attributes, TAXONOMY.NEED_CATEGORY)).toEqual(['INCOME']);
  });

  it('produces objects the official HSDS 3.0 schemas accept (strict)', () => {
    for (const source of [
      agency(),
      agency({ contactEmail: null, nameEn: null, serviceAreas: [], responseTargets: [] }),
    ]) {
      const record = agencyToHsds(source);
      expect(validator.validate('organization', record.organization).errors).toEqual([]);
      expect(validator.validate('service', serviceDetail(record)).errors).toEqual([]);
      expect(validator.validate('compiled/service_list', serviceListItem(record)).errors).toEqual([]);
      expect(validator.validate('compiled/organization_list', organizationListItem(record)).errors).toEqual([]);
    }
  });
});

describe('communityResourceToHsds', () => {
  it('marks the organization and service as COMMUNITY_RESOURCE with their kind', () => {
    const { organization, service } = communityResourceToHsds(resource());
    expect(organization.id).toBe(RESOURCE_ID);
    expect(codes(organization.attributes, TAXONOMY.RECORD_KIND)).toEqual(['COMMUNITY_RESOURCE']);
    expect(codes(service.attributes, TAXONOMY.RECORD_KIND)).toEqual(['COMMUNITY_RESOURCE']);
    expect(codes(service.attributes, TAXONOMY.COMMUNITY_RESOURCE_KIND)).toEqual(['FOOD_SUPPORT']);
    expect(codes(service.attributes, TAXONOMY.NEED_CATEGORY)).toEqual(['DAILY_LIVING', 'CHILD_FAMILY']);
    expect(service.service_areas?.map((area) => area.extent)).toEqual(['231100']);
    expect(service.phones).toEqual([expect.objectContaining({ number: '052-123-4567', service_id: service.id })]);
  });

  it('shows a closed resource as a defunct service with the reason as its alert', () => {
    const { service } = communityResourceToHsds(resource({ status: 'CLOSED', closedReason: '担い手不足' }));
    expect(service.status).toBe('defunct');
    expect(service.alert).toBe('Closed: 担い手不足');
  });

  it('produces objects the official HSDS 3.0 schemas accept (strict)', () => {
    for (const source of [
      resource(),
      resource({ code: null, description: null, contact: null, municipalityCodes: [] }),
    ]) {
      const record = communityResourceToHsds(source);
      expect(validator.validate('organization', record.organization).errors).toEqual([]);
      expect(validator.validate('service', serviceDetail(record)).errors).toEqual([]);
    }
  });
});

describe('contactOfText', () => {
  const serviceId = serviceIdOf(RESOURCE_ID);

  it('reads an e-mail address, a telephone number, or keeps other text as the contact name', () => {
    expect(contactOfText(serviceId, ' info@example.jp ')).toEqual({
      contacts: [expect.objectContaining({ email: 'info@example.jp' })],
      phones: [],
    });
    expect(contactOfText(serviceId, '+81 52-123-4567')).toEqual({
      contacts: [],
      phones: [expect.objectContaining({ number: '+81 52-123-4567' })],
    });
    expect(contactOfText(serviceId, '民生委員 田中 (平日 9-17時)')).toEqual({
      contacts: [expect.objectContaining({ name: '民生委員 田中 (平日 9-17時)' })],
      phones: [],
    });
    expect(contactOfText(serviceId, '  ')).toEqual({ contacts: [], phones: [] });
  });
});

describe('taxonomies', () => {
  it('has unique term ids and every term names a listed taxonomy; all validate against the schemas', () => {
    const taxonomies = allTaxonomies();
    const terms = allTaxonomyTerms();
    expect(new Set(terms.map((term) => term.id)).size).toBe(terms.length);
    const taxonomyIds = new Set(taxonomies.map((taxonomy) => taxonomy.id));
    expect(terms.every((term) => term.taxonomy_id !== undefined && taxonomyIds.has(term.taxonomy_id))).toBe(true);
    for (const taxonomy of taxonomies) expect(validator.validate('taxonomy', taxonomy).errors).toEqual([]);
    for (const term of terms) expect(validator.validate('taxonomy_term', term).errors).toEqual([]);
  });
});
