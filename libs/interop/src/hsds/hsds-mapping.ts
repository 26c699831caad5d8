/**
 * The directory as Open Referral HSDS 3.0 (docs/hsds.md): pure functions from the directory's records to HSDS
 * objects, with no database access, so the mapping is tested on its own.
 *
 * - An agency is an `organization` and exactly one `service` of it (the agency's referral window).
 * - A community resource (社会資源) is an `organization` and one `service` too, marked by the
 *   `tsunagu-record-kind` attribute COMMUNITY_RESOURCE.
 * - No `location`/`service_at_location` is emitted: the directory keeps no street address for agencies or
 *   resources, only the areas they serve (`service_area`).
 */
import { AreaLevel, lookupLocalGovernment, SECTORS, type Sector, type Urgency } from '@tsunagu/directory';
import { attributeIdOf, contactIdOf, identifierIdOf, phoneIdOf, resourceAreaIdOf, serviceIdOf } from './hsds-ids.js';
import {
  findTerm,
  RECORD_KIND,
  responseTargetCode,
  TAXONOMY,
  type ResponseTargetPart,
  type TaxonomyName,
} from './hsds-taxonomies.js';
import type {
  HsdsAttribute,
  HsdsContact,
  HsdsOrganization,
  HsdsPhone,
  HsdsService,
  HsdsServiceArea,
  HsdsServiceStatus,
} from './hsds-types.js';

export interface AgencySource {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  sector: Sector;
  kind: string;
  contactEmail: string | null;
  needCategories: string[];
  acceptingReferrals: boolean;
  updatedAt: Date;
  serviceAreas?: { id: string; level: AreaLevel; code: string; name: string | null }[];
  responseTargets?: { urgency: Urgency; acknowledgeWithin: string; decideWithin: string; businessTime: boolean }[];
}

export interface CommunityResourceSource {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  description: string | null;
  needCategories: string[];
  municipalityCodes: string[];
  contact: string | null;
  status: 'ACTIVE' | 'CLOSED';
  closedReason: string | null;
  updatedAt: Date;
}

/** One directory record in HSDS: its organization and its one service (both with their nested arrays). */
export interface HsdsRecord {
  organization: HsdsOrganization;
  service: HsdsService;
}

const URGENCY_ORDER: readonly string[] = ['EMERGENCY', 'HIGH', 'NORMAL', 'LOW'];
const AREA_LEVEL_ORDER: readonly string[] = [
  AreaLevel.NEIGHBOURHOOD,
  AreaLevel.SCHOOL_DISTRICT,
  AreaLevel.MUNICIPALITY,
  AreaLevel.PREFECTURE,
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A telephone number on its own: digits with the usual separators, optionally international. */
const PHONE = /^\+?[0-9][0-9\s()-]{5,}[0-9]$/;

function attribute(
  linkEntity: HsdsAttribute['link_entity'],
  linkId: string,
  taxonomyName: TaxonomyName,
  code: string,
  value?: string,
): HsdsAttribute | null {
  const term = findTerm(taxonomyName, code);
  if (!term) return null;
  return {
    id: attributeIdOf(linkId, term.id),
    link_id: linkId,
    taxonomy_term_id: term.id,
    link_type: taxonomyName.replace(/^tsunagu-/, ''),
    link_entity: linkEntity,
    ...(value === undefined ? {} : { value }),
    taxonomy_term: term,
  };
}

function present<T>(value: T | null): value is T {
  return value !== null;
}

function sectorLabel(sector: Sector): string {
  const info = SECTORS.find((entry) => entry.code === sector);
  return info ? `${info.labelJa} / ${info.labelEn}` : sector;
}

/**
 * The `service_area` of one of an agency's areas: `extent` is the area code (the 6-digit 全国地方公共団体コード,
 * or `<municipality code>-<LOCAL_ID>` for neighbourhoods and school districts), `extent_type` "text"; `name` is
 * the local government's full name, followed by the area's own name where it has one.
 */
export function serviceAreaOf(
  serviceId: string,
  area: { id: string; level: AreaLevel; code: string; name: string | null },
): HsdsServiceArea {
  const governmentCode = area.code.slice(0, 6);
  const government = lookupLocalGovernment(governmentCode);
  const governmentName = government?.fullName ?? governmentCode;
  const name = area.name ? `${governmentName} ${area.name}` : governmentName;
  const levelAttribute = attribute('service_area', area.id, TAXONOMY.AREA_LEVEL, area.level);
  return {
    id: area.id,
    service_id: serviceId,
    name,
    description: `${area.level} ${area.code}`,
    extent: area.code,
    extent_type: 'text',
    attributes: levelAttribute ? [levelAttribute] : [],
  };
}

function serviceStatusOfAgency(agency: AgencySource): HsdsServiceStatus {
  return agency.acceptingReferrals ? 'active' : 'temporarily closed';
}

/** An agency as an organization and its one service. */
export function agencyToHsds(agency: AgencySource): HsdsRecord {
  const serviceId = serviceIdOf(agency.id);
  const description = `${agency.kind} (${sectorLabel(agency.sector)})`;
  const contacts: HsdsContact[] = agency.contactEmail
    ? [{ id: contactIdOf(serviceId), service_id: serviceId, name: agency.name, email: agency.contactEmail }]
    : [];

  const organization: HsdsOrganization = {
    id: agency.id,
    name: agency.name,
    ...(agency.nameEn ? { alternate_name: agency.nameEn } : {}),
    description,
    ...(agency.contactEmail ? { email: agency.contactEmail } : {}),
    contacts: [],
    phones: [],
    locations: [],
    organization_identifiers: [
      {
        id: identifierIdOf(agency.id),
        organization_id: agency.id,
        identifier_type: 'Tsunagu agency code',
        identifier: agency.code,
      },
    ],
    attributes: [
      attribute('organization', agency.id, TAXONOMY.RECORD_KIND, RECORD_KIND.AGENCY),
      attribute('organization', agency.id, TAXONOMY.SECTOR, agency.sector),
    ].filter(present),
  };

  const targets = [...(agency.responseTargets ?? [])].sort(
    (a, b) => URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency),
  );
  const targetAttribute = (urgency: Urgency, part: ResponseTargetPart, value: string) =>
    attribute('service', serviceId, TAXONOMY.RESPONSE_TARGET, responseTargetCode(urgency, part), value);
  const areas = [...(agency.serviceAreas ?? [])].sort(
    (a, b) => AREA_LEVEL_ORDER.indexOf(a.level) - AREA_LEVEL_ORDER.indexOf(b.level) || a.code.localeCompare(b.code),
  );

  const service: HsdsService = {
    id: serviceId,
    organization_id: agency.id,
    name: agency.name,
    ...(agency.nameEn ? { alternate_name: agency.nameEn } : {}),
    description,
    ...(agency.contactEmail ? { email: agency.contactEmail } : {}),
    status: serviceStatusOfAgency(agency),
    last_modified: agency.updatedAt.toISOString(),
    phones: [],
    service_areas: areas.map((area) => serviceAreaOf(serviceId, area)),
    service_at_locations: [],
    contacts,
    attributes: [
      attribute('service', serviceId, TAXONOMY.RECORD_KIND, RECORD_KIND.AGENCY),
      attribute('service', serviceId, TAXONOMY.SECTOR, agency.sector),
      ...agency.needCategories.map((need) => attribute('service', serviceId, TAXONOMY.NEED_CATEGORY, need)),
      ...targets.flatMap((target) => [
        targetAttribute(target.urgency, 'ACKNOWLEDGE', target.acknowledgeWithin),
        targetAttribute(target.urgency, 'DECIDE', target.decideWithin),
        targetAttribute(target.urgency, 'BUSINESS_TIME', String(target.businessTime)),
      ]),
    ].filter(present),
  };
  return { organization, service };
}

/**
 * A community resource's free-text contact: an e-mail address alone becomes the contact's `email`, a telephone
 * number alone a `phone`; anything else (a person, a window, opening hours) is kept whole as the contact's `name`.
 */
export function contactOfText(
  serviceId: string,
  text: string | null,
): { contacts: HsdsContact[]; phones: HsdsPhone[] } {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return { contacts: [], phones: [] };
  const contactId = contactIdOf(serviceId);
  if (EMAIL.test(trimmed)) {
    return { contacts: [{ id: contactId, service_id: serviceId, email: trimmed }], phones: [] };
  }
  if (PHONE.test(trimmed)) {
    return { contacts: [], phones: [{ id: phoneIdOf(serviceId), service_id: serviceId, number: trimmed }] };
  }
  return { contacts: [{ id: contactId, service_id: serviceId, name: trimmed }], phones: [] };
}

/** A community resource as an organization and its one service, marked COMMUNITY_RESOURCE. */
export function communityResourceToHsds(resource: CommunityResourceSource): HsdsRecord {
  const serviceId = serviceIdOf(resource.id);
  const kindTerm = findTerm(TAXONOMY.COMMUNITY_RESOURCE_KIND, resource.kind);
  const description = resource.description?.trim() || kindTerm?.description || resource.kind;
  const { contacts, phones } = contactOfText(serviceId, resource.contact);
  const closed = resource.status === 'CLOSED';

  const organization: HsdsOrganization = {
    id: resource.id,
    name: resource.name,
    description,
    contacts: [],
    phones: [],
    locations: [],
    organization_identifiers: resource.code
      ? [
          {
            id: identifierIdOf(resource.id),
            organization_id: resource.id,
            identifier_type: 'Tsunagu community resource code',
            identifier: resource.code,
          },
        ]
      : [],
    attributes: [
      attribute('organization', resource.id, TAXONOMY.RECORD_KIND, RECORD_KIND.COMMUNITY_RESOURCE),
      attribute('organization', resource.id, TAXONOMY.COMMUNITY_RESOURCE_KIND, resource.kind),
    ].filter(present),
  };

  const service: HsdsService = {
    id: serviceId,
    organization_id: resource.id,
    name: resource.name,
    description,
    status: closed ? 'defunct' : 'active',
    ...(closed && resource.closedReason ? { alert: `Closed: ${resource.closedReason}` } : {}),
    last_modified: resource.updatedAt.toISOString(),
    phones,
    service_areas: [...resource.municipalityCodes].sort().map((code) =>
      serviceAreaOf(serviceId, {
        id: resourceAreaIdOf(resource.id, code),
        level: AreaLevel.MUNICIPALITY,
        code,
        name: null,
      }),
    ),
    service_at_locations: [],
    contacts,
    attributes: [
      attribute('service', serviceId, TAXONOMY.RECORD_KIND, RECORD_KIND.COMMUNITY_RESOURCE),
      attribute('service', serviceId, TAXONOMY.COMMUNITY_RESOURCE_KIND, resource.kind),
      ...resource.needCategories.map((need) => attribute('service', serviceId, TAXONOMY.NEED_CATEGORY, need)),
    ].filter(present),
  };
  return { organization, service };
}

const ORGANIZATION_LIST_FIELDS = ['id', 'name', 'alternate_name', 'description', 'email'] as const;
const SERVICE_LIST_FIELDS = [
  'id',
  'organization_id',
  'name',
  'alternate_name',
  'description',
  'email',
  'status',
  'alert',
  'last_modified',
] as const;

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** The organization of a list (`GET /organizations`): its one-to-one fields only. */
export function organizationListItem(record: HsdsRecord): HsdsOrganization {
  return pick(record.organization, ORGANIZATION_LIST_FIELDS);
}

/** The service of a list (`GET /services`): its one-to-one fields and its organization's. */
export function serviceListItem(record: HsdsRecord): HsdsService {
  return { ...pick(record.service, SERVICE_LIST_FIELDS), organization: organizationListItem(record) };
}

/** The full service (`GET /services/{id}`): nested arrays, and its organization's one-to-one fields. */
export function serviceDetail(record: HsdsRecord): HsdsService {
  return { ...record.service, organization: organizationListItem(record) };
}
