/**
 * Reading HSDS organizations (each with its one service, as `GET /hsds/organizations/{id}` plus
 * `GET /hsds/services/{id}` give them, or as the official `organization_full` example nests them) into agency
 * and community-resource records of the directory (a record marked `tsunagu-record-kind` COMMUNITY_RESOURCE is a
 * community resource). Pure: no database; hsds-import.service.ts writes what this returns. Every problem
 * is collected with its path in the body (`[0].services[0].service_areas[1].extent`), so one answer lists them
 * all.
 */
import {
  AGENCY_CODE_PATTERN,
  AreaLevel,
  type CommunityResourceKind,
  DEFAULT_RESPONSE_TARGETS,
  isNeedCategory,
  lookupLocalGovernment,
  municipality,
  resolveServiceArea,
  SECTORS,
  Urgency,
  type CommunityResourceInput,
  type Sector,
} from '@tsunagu/directory';
import { DomainError } from '@tsunagu/platform';
import { isEmail } from 'class-validator';
import { parse as parseDuration } from 'tinyduration';
import { UUID_PATTERN } from './hsds-ids.js';
import { allTaxonomyTerms, findTerm, RECORD_KIND, TAXONOMY } from './hsds-taxonomies.js';
import type { HsdsTaxonomyTerm } from './hsds-types.js';

export const HSDS_IMPORT_MAX_RECORDS = 500;
export const AGENCY_CODE_IDENTIFIER_TYPE = 'Tsunagu agency code';
export const RESOURCE_CODE_IDENTIFIER_TYPE = 'Tsunagu community resource code';
/** The prefix of the `alert` the export writes on a closed community resource's service. */
export const CLOSED_ALERT_PREFIX = 'Closed: ';

export interface HsdsImportProblem {
  field: string;
  message: string;
}

export interface ImportedArea {
  level: AreaLevel;
  code: string;
  name: string | null;
  prefectureCode: string;
  municipalityCode: string | null;
}

export interface ImportedTarget {
  urgency: Urgency;
  acknowledgeWithin: string;
  decideWithin: string;
  businessTime: boolean;
}

/** One agency as the import read it; `code` and `sector` may be missing for an agency that already exists. */
export interface ImportedAgency {
  index: number;
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  sector: Sector | null;
  kind: string;
  contactEmail: string | null;
  needCategories: string[];
  acceptingReferrals: boolean;
  serviceAreas: ImportedArea[];
  /** One per urgency: the given targets, the defaults for the rest. */
  responseTargets: ImportedTarget[];
}

/**
 * One community resource as the import read it: the input of createCommunityResource /
 * updateCommunityResource, its code when the record names one, and its close reason when it is closed.
 */
export interface ImportedResource {
  index: number;
  id: string;
  code: string | null;
  input: CommunityResourceInput;
  closedReason: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResponseDuration(value: string): boolean {
  if (value.length > 32) return false;
  try {
    const duration = parseDuration(value);
    if (duration.negative || duration.years || duration.months) return false;
    return Boolean(duration.weeks || duration.days || duration.hours || duration.minutes || duration.seconds);
  } catch {
    return false;
  }
}

let termsById: Map<string, HsdsTaxonomyTerm> | null = null;

/** The Tsunagu term an attribute names (by `taxonomy_term_id`, else by its term's taxonomy and code). */
function termOf(attribute: Json): HsdsTaxonomyTerm | 'foreign' | null {
  termsById ??= new Map(allTaxonomyTerms().map((term) => [term.id, term]));
  const byId = typeof attribute.taxonomy_term_id === 'string' ? termsById.get(attribute.taxonomy_term_id) : undefined;
  if (byId) return byId;
  const term = isObject(attribute.taxonomy_term) ? attribute.taxonomy_term : null;
  const taxonomy = typeof term?.taxonomy === 'string' ? term.taxonomy : null;
  if (!taxonomy?.startsWith('tsunagu-')) return 'foreign';
  const code = typeof term?.code === 'string' ? term.code : null;
  return (
    [...termsById.values()].find((candidate) => candidate.taxonomy === taxonomy && candidate.code === code) ?? null
  );
}

class Reader {
  readonly problems: HsdsImportProblem[] = [];

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  string(value: unknown, field: string, options: { required: boolean; max: number }): string | null {
    if (value === undefined || value === null || value === '') {
      if (options.required) this.problem(field, 'is required');
      return null;
    }
    if (typeof value !== 'string') {
      this.problem(field, 'must be a string');
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length === 0 && options.required) this.problem(field, 'is required');
    if (trimmed.length > options.max) this.problem(field, `must be at most ${options.max} characters`);
    return trimmed || null;
  }

  array(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(field, 'must be an array');
      return [];
    }
    return value;
  }

  /** The Tsunagu terms of `attributes` (foreign taxonomies skipped), with the path of each. */
  terms(value: unknown, field: string): { term: HsdsTaxonomyTerm; value: unknown; field: string }[] {
    const found: { term: HsdsTaxonomyTerm; value: unknown; field: string }[] = [];
    this.array(value, field).forEach((attribute, index) => {
      const path = `${field}[${index}]`;
      if (!isObject(attribute)) return this.problem(path, 'must be an object');
      const term = termOf(attribute);
      if (term === 'foreign') return;
      if (!term)
        return this.problem(`${path}.taxonomy_term`, 'is not a term of the Tsunagu taxonomies (/hsds/taxonomy_terms)');
      found.push({ term, value: attribute.value, field: path });
    });
    return found;
  }
  /**
   * The record's one service (`what` names it in the problem), checked to belong to the organization, and the
   * Tsunagu terms of the organization's and the service's attributes together.
   */
  soleService(
    organization: Json,
    at: string,
    id: string,
    what: string,
  ): { service: Json; sat: string; attributes: { term: HsdsTaxonomyTerm; value: unknown; field: string }[] } | null {
    const services = this.array(organization.services, `${at}.services`);
    if (services.length !== 1 || !isObject(services[0])) {
      this.problem(`${at}.services`, `must hold exactly one service (${what})`);
      return null;
    }
    const service = services[0];
    const sat = `${at}.services[0]`;
    if (
      service.organization_id !== undefined &&
      (typeof service.organization_id !== 'string' || service.organization_id.toLowerCase() !== id)
    ) {
      this.problem(`${sat}.organization_id`, 'must be the organization’s id');
    }
    const attributes = [
      ...this.terms(organization.attributes, `${at}.attributes`),
      ...this.terms(service.attributes, `${sat}.attributes`),
    ];
    return { service, sat, attributes };
  }
}

function sectorLabel(sector: Sector): string {
  const info = SECTORS.find((entry) => entry.code === sector);
  return info ? `${info.labelJa} / ${info.labelEn}` : sector;
}

function readAreas(reader: Reader, service: Json, field: string): ImportedArea[] {
  const areas: ImportedArea[] = [];
  const seen = new Set<string>();
  reader.array(service.service_areas, `${field}.service_areas`).forEach((area, index) => {
    const path = `${field}.service_areas[${index}]`;
    if (!isObject(area)) return reader.problem(path, 'must be an object');
    const code = reader.string(area.extent, `${path}.extent`, { required: true, max: 64 });
    if (!code) return;
    const levels = reader
      .terms(area.attributes, `${path}.attributes`)
      .filter(({ term }) => term.taxonomy === TAXONOMY.AREA_LEVEL);
    const level =
      (levels[0]?.term.code as AreaLevel | undefined) ??
      (lookupLocalGovernment(code)?.kind === 'prefecture'
        ? AreaLevel.PREFECTURE
        : /^\d{6}$/.test(code)
          ? AreaLevel.MUNICIPALITY
          : AreaLevel.NEIGHBOURHOOD);
    try {
      const resolved = resolveServiceArea(level, code, `${path}.extent`);
      const key = `${level}:${code}`;
      if (seen.has(key)) return reader.problem(path, `service area ${key} is listed twice`);
      seen.add(key);
      const fullName = typeof area.name === 'string' ? area.name.trim() : '';
      const local = level === AreaLevel.NEIGHBOURHOOD || level === AreaLevel.SCHOOL_DISTRICT;
      // The export writes "<government's full name> <area's own name>": the own name is kept at every level
      // (a municipality-wide area may carry one too, even the government's short name); a name of another form
      // is kept for local areas only, unless it is just the government's name.
      const ownName = fullName.startsWith(`${resolved.governmentName} `)
        ? fullName.slice(resolved.governmentName.length + 1).trim()
        : local && fullName !== resolved.governmentName
          ? fullName
          : '';
      areas.push({
        level,
        code,
        name: ownName ? ownName.slice(0, 100) : null,
        prefectureCode: resolved.prefectureCode,
        municipalityCode: resolved.municipalityCode,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reported = error.details.field;
      reader.problem(typeof reported === 'string' ? reported : `${path}.extent`, error.message);
    }
  });
  return areas;
}

function readTargets(
  reader: Reader,
  attributes: { term: HsdsTaxonomyTerm; value: unknown; field: string }[],
  field: string,
): ImportedTarget[] {
  const given = new Map<Urgency, Partial<ImportedTarget>>();
  for (const { term, value, field: path } of attributes) {
    if (term.taxonomy !== TAXONOMY.RESPONSE_TARGET || !term.code) continue;
    const [urgency, part] = [
      term.code.slice(0, term.code.indexOf('_')) as Urgency,
      term.code.slice(term.code.indexOf('_') + 1),
    ];
    const target = given.get(urgency) ?? { urgency };
    given.set(urgency, target);
    if (typeof value !== 'string') {
      reader.problem(`${path}.value`, 'is required');
      continue;
    }
    if (part === 'BUSINESS_TIME') {
      if (value !== 'true' && value !== 'false') reader.problem(`${path}.value`, 'must be "true" or "false"');
      target.businessTime = value === 'true';
    } else if (!isResponseDuration(value)) {
      reader.problem(`${path}.value`, 'must be a positive ISO 8601 duration in weeks, days, hours, minutes or seconds');
    } else if (part === 'ACKNOWLEDGE') {
      target.acknowledgeWithin = value;
    } else {
      target.decideWithin = value;
    }
  }
  return Object.values(Urgency).map((urgency) => {
    const target = given.get(urgency);
    const defaults = DEFAULT_RESPONSE_TARGETS[urgency];
    if (target && (!target.acknowledgeWithin || !target.decideWithin)) {
      if (!reader.problems.some((problem) => problem.field.startsWith(field))) {
        reader.problem(field, `the ${urgency} response target needs both ${urgency}_ACKNOWLEDGE and ${urgency}_DECIDE`);
      }
    }
    return {
      urgency,
      acknowledgeWithin: target?.acknowledgeWithin ?? defaults.acknowledgeWithin,
      decideWithin: target?.decideWithin ?? defaults.decideWithin,
      businessTime: target?.businessTime ?? defaults.businessTime ?? true,
    };
  });
}

function readOrganization(reader: Reader, organization: unknown, index: number): ImportedAgency | null {
  const at = `[${index}]`;
  if (!isObject(organization)) {
    reader.problem(at, 'must be an HSDS organization object');
    return null;
  }
  const before = reader.problems.length;
  const id = typeof organization.id === 'string' ? organization.id.toLowerCase() : '';
  if (!UUID_PATTERN.test(id)) reader.problem(`${at}.id`, 'must be a UUID (the stable identifier of the agency)');
  const name = reader.string(organization.name, `${at}.name`, { required: true, max: 200 });
  const nameEn = reader.string(organization.alternate_name, `${at}.alternate_name`, { required: false, max: 200 });

  let code: string | null = null;
  reader.array(organization.organization_identifiers, `${at}.organization_identifiers`).forEach((entry, k) => {
    if (!isObject(entry) || entry.identifier_type !== AGENCY_CODE_IDENTIFIER_TYPE) return;
    const path = `${at}.organization_identifiers[${k}].identifier`;
    const value = typeof entry.identifier === 'string' ? entry.identifier : '';
    if (!AGENCY_CODE_PATTERN.test(value)) {
      reader.problem(path, 'must be 3–64 characters of A–Z, 0–9, - and _, starting with a letter or digit');
    } else code = value;
  });

  const sole = reader.soleService(organization, at, id, 'the agency’s referral window');
  if (!sole) return null;
  const { service, sat, attributes } = sole;
  const sectors = [
    ...new Set(attributes.filter(({ term }) => term.taxonomy === TAXONOMY.SECTOR).map(({ term }) => term.code)),
  ];
  if (sectors.length > 1) reader.problem(`${at}.attributes`, `names ${sectors.length} sectors; an agency has one`);
  const sector = (sectors[0] as Sector | undefined) ?? null;
  const needCategories = [
    ...new Set(
      attributes.filter(({ term }) => term.taxonomy === TAXONOMY.NEED_CATEGORY).map(({ term }) => term.code ?? ''),
    ),
  ].filter(isNeedCategory);

  const description = reader.string(organization.description, `${at}.description`, { required: true, max: 300 });
  const suffix = sector ? ` (${sectorLabel(sector)})` : null;
  const kind =
    description && suffix && description.endsWith(suffix) ? description.slice(0, -suffix.length) : description;
  if (kind && kind.length > 100) reader.problem(`${at}.description`, 'the agency kind must be at most 100 characters');

  const emailField = organization.email !== undefined ? `${at}.email` : `${sat}.email`;
  const contactEmail = reader.string(organization.email ?? service.email, emailField, { required: false, max: 254 });
  if (contactEmail && !isEmail(contactEmail)) reader.problem(emailField, 'must be an e-mail address');

  let acceptingReferrals = true;
  if (service.status === 'temporarily closed') acceptingReferrals = false;
  else if (service.status !== 'active') {
    reader.problem(`${sat}.status`, 'must be "active" or "temporarily closed" (agencies are not closed by import)');
  }

  const serviceAreas = readAreas(reader, service, sat);
  if (serviceAreas.length === 0 && !reader.problems.some((p) => p.field.startsWith(`${sat}.service_areas`))) {
    reader.problem(`${sat}.service_areas`, 'must hold at least one service area');
  }
  const responseTargets = readTargets(reader, attributes, `${sat}.attributes`);

  if (reader.problems.length > before || !name || !kind) return null;
  return {
    index,
    id,
    code,
    name,
    nameEn,
    sector,
    kind,
    contactEmail,
    needCategories,
    acceptingReferrals,
    serviceAreas,
    responseTargets,
  };
}

/** Whether the record is marked `tsunagu-record-kind` COMMUNITY_RESOURCE (on the organization or its service). */
function isResourceRecord(organization: Json): boolean {
  const service = Array.isArray(organization.services) ? (organization.services[0] as unknown) : undefined;
  const attributes = [organization.attributes, isObject(service) ? service.attributes : undefined]
    .filter(Array.isArray)
    .flat();
  return attributes.some((attribute) => {
    if (!isObject(attribute)) return false;
    const term = termOf(attribute);
    return (
      term !== null &&
      term !== 'foreign' &&
      term.taxonomy === TAXONOMY.RECORD_KIND &&
      term.code === RECORD_KIND.COMMUNITY_RESOURCE
    );
  });
}

/** A whole text of several parts (a contact's name, e-mail, telephone), or null when they are all empty. */
function joined(parts: unknown[]): string | null {
  const texts = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return texts.length ? texts.map((part) => part.trim()).join(' ') : null;
}

function readResource(reader: Reader, organization: Json, index: number): ImportedResource | null {
  const at = `[${index}]`;
  const before = reader.problems.length;
  const id = typeof organization.id === 'string' ? organization.id.toLowerCase() : '';
  if (!UUID_PATTERN.test(id)) reader.problem(`${at}.id`, 'must be a UUID (the stable identifier of the resource)');
  const name = reader.string(organization.name, `${at}.name`, { required: true, max: 200 });

  let code: string | null = null;
  reader.array(organization.organization_identifiers, `${at}.organization_identifiers`).forEach((entry, k) => {
    if (!isObject(entry) || entry.identifier_type !== RESOURCE_CODE_IDENTIFIER_TYPE) return;
    code = reader.string(entry.identifier, `${at}.organization_identifiers[${k}].identifier`, {
      required: true,
      max: 64,
    });
  });

  const sole = reader.soleService(organization, at, id, 'the resource’s service');
  if (!sole) return null;
  const { service, sat, attributes } = sole;
  const marked = attributes.find(
    ({ term }) => term.taxonomy === TAXONOMY.RECORD_KIND && term.code === RECORD_KIND.AGENCY,
  );
  if (marked) reader.problem(marked.field, 'the record is marked both AGENCY and COMMUNITY_RESOURCE');
  const kinds = [
    ...new Set(
      attributes
        .filter(({ term }) => term.taxonomy === TAXONOMY.COMMUNITY_RESOURCE_KIND)
        .map(({ term }) => term.code ?? ''),
    ),
  ];
  if (kinds.length !== 1) {
    reader.problem(
      `${at}.attributes`,
      kinds.length === 0
        ? 'a community resource needs its tsunagu-community-resource-kind attribute'
        : `names ${kinds.length} community resource kinds; a resource has one`,
    );
  }
  const kind = kinds[0] as CommunityResourceKind | undefined;
  const needCategories = [
    ...new Set(
      attributes.filter(({ term }) => term.taxonomy === TAXONOMY.NEED_CATEGORY).map(({ term }) => term.code ?? ''),
    ),
  ].filter(isNeedCategory);
  if (needCategories.length === 0) {
    reader.problem(`${sat}.attributes`, 'a community resource meets at least one need (tsunagu-need-category)');
  }

  // The export writes the kind's label (or its code) when the resource has no description of its own.
  const descriptionField = organization.description !== undefined ? `${at}.description` : `${sat}.description`;
  const text = reader.string(organization.description ?? service.description, descriptionField, {
    required: false,
    max: 4000,
  });
  const kindLabel = kind ? findTerm(TAXONOMY.COMMUNITY_RESOURCE_KIND, kind)?.description : undefined;
  const description = text === kindLabel || text === kind ? null : text;

  const municipalityCodes: string[] = [];
  reader.array(service.service_areas, `${sat}.service_areas`).forEach((area, k) => {
    const path = `${sat}.service_areas[${k}]`;
    if (!isObject(area)) return reader.problem(path, 'must be an object');
    const extent = reader.string(area.extent, `${path}.extent`, { required: true, max: 64 });
    if (!extent) return;
    const level = reader
      .terms(area.attributes, `${path}.attributes`)
      .find(({ term }) => term.taxonomy === TAXONOMY.AREA_LEVEL);
    if (level && level.term.code !== AreaLevel.MUNICIPALITY) {
      return reader.problem(level.field, 'a community resource serves municipalities or wards (MUNICIPALITY) only');
    }
    try {
      municipality(extent, `${path}.extent`);
      if (!municipalityCodes.includes(extent)) municipalityCodes.push(extent);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      reader.problem(`${path}.extent`, error.message);
    }
  });
  if (municipalityCodes.length === 0 && !reader.problems.some((p) => p.field.startsWith(`${sat}.service_areas`))) {
    reader.problem(`${sat}.service_areas`, 'must hold at least one municipality or ward served');
  }

  // The export writes the free-text contact as one contact's e-mail or name, or as one phone.
  const contacts = reader.array(service.contacts, `${sat}.contacts`);
  const phones = reader.array(service.phones, `${sat}.phones`);
  const first = (list: unknown[]): Json => (isObject(list[0]) ? list[0] : {});
  const contact = joined([first(contacts).name, first(contacts).email, first(phones).number]);
  if (contact && contact.length > 200) reader.problem(`${sat}.contacts`, 'the contact must be at most 200 characters');

  let closedReason: string | null = null;
  if (service.status === 'defunct') {
    const alert = typeof service.alert === 'string' ? service.alert.trim() : '';
    closedReason = (alert.startsWith(CLOSED_ALERT_PREFIX) ? alert.slice(CLOSED_ALERT_PREFIX.length) : alert).trim();
    if (!closedReason) {
      reader.problem(`${sat}.alert`, `a closed (defunct) resource needs its reason ("${CLOSED_ALERT_PREFIX}<reason>")`);
    }
  } else if (service.status !== 'active') {
    reader.problem(`${sat}.status`, 'must be "active" or "defunct" (closed) for a community resource');
  }

  if (reader.problems.length > before || !name || !kind) return null;
  return {
    index,
    id,
    code,
    input: { name, kind, description, needCategories, municipalityCodes, contact },
    closedReason,
  };
}

/**
 * Reads the body of `POST /hsds/import`: a JSON array of HSDS organizations, each with `services` holding its
 * one service. Returns the agencies and the community resources, or the problems (nothing is imported when
 * there is any).
 */
export function readHsdsImport(body: unknown): {
  agencies: ImportedAgency[];
  resources: ImportedResource[];
  problems: HsdsImportProblem[];
} {
  const reader = new Reader();
  if (!Array.isArray(body)) {
    reader.problem('', 'the body must be a JSON array of HSDS organizations, each with its one service in `services`');
    return { agencies: [], resources: [], problems: reader.problems };
  }
  if (body.length > HSDS_IMPORT_MAX_RECORDS) {
    reader.problem('', `at most ${HSDS_IMPORT_MAX_RECORDS} organizations per import`);
    return { agencies: [], resources: [], problems: reader.problems };
  }
  const agencies: ImportedAgency[] = [];
  const resources: ImportedResource[] = [];
  body.forEach((organization, index) => {
    if (isObject(organization) && isResourceRecord(organization)) {
      const resource = readResource(reader, organization, index);
      if (resource) resources.push(resource);
    } else {
      const agency = readOrganization(reader, organization, index);
      if (agency) agencies.push(agency);
    }
  });
  const seenIds = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  const seenResourceCodes = new Map<string, number>();
  const records = [
    ...agencies.map((agency) => ({ ...agency, codes: seenCodes })),
    ...resources.map((resource) => ({ ...resource, codes: seenResourceCodes })),
  ].sort((a, b) => a.index - b.index);
  for (const record of records) {
    const sameId = seenIds.get(record.id);
    if (sameId !== undefined) reader.problem(`[${record.index}].id`, `is also the id of [${sameId}]`);
    seenIds.set(record.id, record.index);
    if (record.code) {
      const sameCode = record.codes.get(record.code);
      if (sameCode !== undefined) {
        reader.problem(
          `[${record.index}].organization_identifiers`,
          `code ${record.code} is also the code of [${sameCode}]`,
        );
      }
      record.codes.set(record.code, record.index);
    }
  }
  return { agencies, resources, problems: reader.problems };
}
