import { createHash } from 'node:crypto';
import { isUUID } from 'class-validator';
import {
  ConsentMethod,
  ConsentPurpose,
  DataCategory,
  LegalBasis,
  RecordConsentInput,
  RegisterPersonInput,
} from '@tsunagu/consent';
import { isSector, Urgency, type Sector } from '@tsunagu/directory';
import { BadUserInputError, InputValidationPipe } from '@tsunagu/platform';
import { CreateReferralInput } from '@tsunagu/referrals';
import { HL7, TSUNAGU } from './fhir-types.js';

/** How the person's consent was obtained (not part of the read mapping: the write side needs it). */
export const CONSENT_METHOD_URL = 'https://tsunagu.example/fhir/StructureDefinition/consent-method';

type Json = Record<string, unknown>;

/** A person, its consents and the referral, as the GraphQL inputs, parsed from a transaction Bundle. */
export interface ReferralBundle {
  /** Derived from `Bundle.identifier` or the ServiceRequest entry's `request.ifNoneExist`; null when neither. */
  idempotencyKey: string | null;
  person: RegisterPersonInput;
  /** In entry order; `personId` is filled in once the person is registered. */
  consents: { entry: number; input: Omit<RecordConsentInput, 'personId'> }[];
  referral: Omit<CreateReferralInput, 'personId' | 'idempotencyKey'>;
  /** Entry indexes, to answer each entry in the transaction-response. */
  entries: { patient: number; serviceRequest: number; task: number | null; organizations: Map<number, string> };
}

function bad(path: string, message: string): BadUserInputError {
  return new BadUserInputError(path, `${path}: ${message}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function array(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(path, 'must be an array');
  return value as unknown[];
}

function string(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw bad(path, 'must be a non-empty string');
  return value;
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw bad(path, 'is required');
  return value;
}

/** The codes of a CodeableConcept's codings in one system (other systems are ignored). */
function codesOf(concept: unknown, system: string, path: string): string[] {
  if (!isObject(concept)) return [];
  return array(concept.coding, `${path}.coding`)
    .filter((coding): coding is Json => isObject(coding) && coding.system === system)
    .map((coding, index) => required(string(coding.code, `${path}.coding[${index}].code`), `${path}.coding.code`));
}

function enumValue<T extends string>(values: Record<string, T>, code: string, path: string): T {
  if (!(Object.values(values) as string[]).includes(code)) throw bad(path, `${code} is not a known code`);
  return code as T;
}

function date(value: unknown, path: string): Date | undefined {
  const text = string(value, path);
  if (text === undefined) return undefined;
  const parsed = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(parsed.getTime())) throw bad(path, 'must be a dateTime');
  return parsed;
}

/** The key createReferral stores: printable ASCII and short, whatever the client's identifier looks like. */
function keyOf(system: string, value: string): string {
  return `fhir:${createHash('sha256').update(`${system}|${value}`).digest('base64url')}`;
}

/** `identifier=system|value` of a conditional create. */
function ifNoneExistKey(value: string, path: string): string {
  const match = /^identifier=([^|&]*)\|([^&]+)$/.exec(value);
  if (!match) throw bad(path, 'must be identifier=<system>|<value>');
  return keyOf(decodeURIComponent(match[1]), decodeURIComponent(match[2]));
}

/** Runs the GraphQL input validation (the same class-validator rules) and names the failing FHIR element. */
async function validated<T extends object>(
  type: new () => T,
  value: object,
  paths: Record<string, string>,
  fallback: string,
): Promise<T> {
  try {
    return (await new InputValidationPipe(type).transform(value, { type: 'body', metatype: type, data: '' })) as T;
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    const field = typeof error.details.field === 'string' ? error.details.field : '';
    const property = field.split('.')[0];
    const path = paths[property] ?? fallback;
    throw new BadUserInputError(path, `${path}: ${error.message}`, { constraint: error.details.constraint });
  }
}

/**
 * Parses a transaction Bundle that creates a referral: one Patient, one or more Consents, one ServiceRequest,
 * at most one Task (all `POST`), and Organization entries that only name existing agencies (`GET Organization/{id}`).
 * Every problem is BAD_USER_INPUT whose field is the FHIR path (`Bundle.entry[2].resource.priority`).
 */
export async function parseReferralBundle(body: unknown, callerAgencyId: string): Promise<ReferralBundle> {
  if (!isObject(body) || body.resourceType !== 'Bundle') throw bad('Bundle', 'the body must be a Bundle');
  if (body.type !== 'transaction') throw bad('Bundle.type', 'must be transaction');
  const entries = array(body.entry, 'Bundle.entry');
  const byFullUrl = new Map<string, { index: number; type: string }>();
  const organizations = new Map<number, string>();
  const indexes: Record<string, number[]> = { Patient: [], Consent: [], ServiceRequest: [], Task: [] };

  entries.forEach((entry, index) => {
    const path = `Bundle.entry[${index}]`;
    if (!isObject(entry) || !isObject(entry.resource)) throw bad(`${path}.resource`, 'is required');
    const type = String(entry.resource.resourceType);
    const request = isObject(entry.request) ? entry.request : {};
    const method = string(request.method, `${path}.request.method`);
    const url = string(request.url, `${path}.request.url`);
    const fullUrl = string(entry.fullUrl, `${path}.fullUrl`);
    if (type === 'Organization') {
      const id = url?.startsWith('Organization/') ? url.slice('Organization/'.length) : undefined;
      if (method !== 'GET' || !id || !isUUID(id)) {
        throw bad(`${path}.request`, 'an Organization may only name an existing agency: GET Organization/{id}');
      }
      organizations.set(index, id.toLowerCase());
      if (fullUrl) byFullUrl.set(fullUrl, { index, type });
      return;
    }
    if (!(type in indexes)) throw bad(`${path}.resource.resourceType`, `${type} cannot be created here`);
    if (method !== 'POST' || url !== type) throw bad(`${path}.request`, `must be POST ${type}`);
    if (fullUrl) {
      if (byFullUrl.has(fullUrl)) throw bad(`${path}.fullUrl`, 'is used twice');
      byFullUrl.set(fullUrl, { index, type });
    }
    indexes[type].push(index);
  });
  const one = (type: string) => {
    if (indexes[type].length !== 1) throw bad('Bundle.entry', `needs exactly one ${type}`);
    return indexes[type][0];
  };
  const patientIndex = one('Patient');
  const serviceRequestIndex = one('ServiceRequest');
  if (indexes.Consent.length === 0) throw bad('Bundle.entry', 'needs at least one Consent');
  if (indexes.Task.length > 1) throw bad('Bundle.entry', 'may hold one Task');
  const taskIndex = indexes.Task[0] ?? null;
  const resourceAt = (index: number) => (entries[index] as { resource: Json }).resource;

  /** The entry a reference points at (by fullUrl), or an existing resource's id (`Type/{id}`). */
  const resolve = (value: unknown, path: string, type: string): { entry: number } | { id: string } => {
    const reference = isObject(value) ? string(value.reference, `${path}.reference`) : undefined;
    if (!reference) throw bad(path, `must reference a ${type}`);
    const target = byFullUrl.get(reference);
    if (target) {
      if (target.type !== type) throw bad(`${path}.reference`, `must reference a ${type}`);
      return target.type === 'Organization' ? { id: organizations.get(target.index) ?? '' } : { entry: target.index };
    }
    const id = reference.startsWith(`${type}/`) ? reference.slice(type.length + 1) : '';
    if (!isUUID(id)) throw bad(`${path}.reference`, `${reference} is neither an entry of the Bundle nor ${type}/{id}`);
    return { id: id.toLowerCase() };
  };
  const organizationId = (value: unknown, path: string): string => {
    const target = resolve(value, path, 'Organization');
    if ('entry' in target) throw bad(path, 'must reference an existing Organization');
    return target.id;
  };
  const requirePatient = (value: unknown, path: string) => {
    const target = resolve(value, path, 'Patient');
    if (!('entry' in target) || target.entry !== patientIndex) throw bad(path, 'must reference the Patient entry');
  };
  const requireCaller = (value: unknown, path: string) => {
    if (value !== undefined && organizationId(value, path) !== callerAgencyId) {
      throw bad(path, 'must be the calling agency');
    }
  };

  // Idempotency: Bundle.identifier, else the ServiceRequest's conditional create.
  let idempotencyKey: string | null = null;
  if (body.identifier !== undefined) {
    const identifier = isObject(body.identifier) ? body.identifier : {};
    const system = required(string(identifier.system, 'Bundle.identifier.system'), 'Bundle.identifier.system');
    const value = required(string(identifier.value, 'Bundle.identifier.value'), 'Bundle.identifier.value');
    idempotencyKey = keyOf(system, value);
  } else {
    const request = (entries[serviceRequestIndex] as Json).request as Json;
    const path = `Bundle.entry[${serviceRequestIndex}].request.ifNoneExist`;
    const ifNoneExist = string(request.ifNoneExist, path);
    if (ifNoneExist) idempotencyKey = ifNoneExistKey(ifNoneExist, path);
  }

  const person = await parsePatient(resourceAt(patientIndex), `Bundle.entry[${patientIndex}].resource`);

  const consents: ReferralBundle['consents'] = [];
  for (const index of indexes.Consent) {
    const path = `Bundle.entry[${index}].resource`;
    const resource = resourceAt(index);
    if (resource.status !== 'active') throw bad(`${path}.status`, 'must be active');
    requirePatient(resource.patient, `${path}.patient`);
    array(resource.organization, `${path}.organization`).forEach((item, position) =>
      requireCaller(item, `${path}.organization[${position}]`),
    );
    const provision = isObject(resource.provision) ? resource.provision : undefined;
    if (!provision) throw bad(`${path}.provision`, 'is required');
    if (provision.type !== 'permit') throw bad(`${path}.provision.type`, 'must be permit');
    const actors = array(provision.actor, `${path}.provision.actor`);
    if (actors.length !== 1 || !isObject(actors[0])) {
      throw bad(`${path}.provision.actor`, 'must name exactly one recipient');
    }
    const actorPath = `${path}.provision.actor[0].reference`;
    const actor = actors[0].reference;
    let recipientAgencyId: string | null = null;
    let recipientSector: Sector | null = null;
    if (isObject(actor) && isObject(actor.identifier)) {
      const value = String(actor.identifier.value);
      if (actor.identifier.system !== TSUNAGU.sector || !isSector(value)) {
        throw bad(`${actorPath}.identifier`, 'must be a sector of ours');
      }
      recipientSector = value;
    } else {
      recipientAgencyId = organizationId(actor, actorPath);
    }
    const purposes = array(provision.purpose, `${path}.provision.purpose`).map((coding, position) => {
      const purposePath = `${path}.provision.purpose[${position}]`;
      if (!isObject(coding) || coding.system !== TSUNAGU.consentPurpose) throw bad(purposePath, 'unknown system');
      return enumValue(ConsentPurpose, String(coding.code), `${purposePath}.code`);
    });
    const dataCategories = array(provision.code, `${path}.provision.code`).flatMap((concept, position) =>
      codesOf(concept, TSUNAGU.dataCategory, `${path}.provision.code[${position}]`).map((code) =>
        enumValue(DataCategory, code, `${path}.provision.code[${position}]`),
      ),
    );
    const methodExtension = array(resource.extension, `${path}.extension`).find(
      (extension): extension is Json => isObject(extension) && extension.url === CONSENT_METHOD_URL,
    );
    const method = enumValue(
      ConsentMethod,
      String(required(methodExtension?.valueCode, `${path}.extension(${CONSENT_METHOD_URL})`)),
      `${path}.extension.valueCode`,
    );
    const period = isObject(provision.period) ? provision.period : {};
    const obtainedAt = date(resource.dateTime, `${path}.dateTime`) ?? date(period.start, `${path}.provision.period`);
    const input = await validated(
      RecordConsentInput,
      {
        personId: '00000000-0000-4000-8000-000000000000',
        recipientAgencyId,
        recipientSector,
        purposes,
        dataCategories,
        method,
        obtainedAt: obtainedAt ?? null,
        expiresAt: date(period.end, `${path}.provision.period.end`) ?? null,
      },
      {
        purposes: `${path}.provision.purpose`,
        dataCategories: `${path}.provision.code`,
        recipientAgencyId: actorPath,
        obtainedAt: `${path}.dateTime`,
        expiresAt: `${path}.provision.period.end`,
      },
      path,
    );
    const { personId: _placeholder, ...rest } = input;
    consents.push({ entry: index, input: rest });
  }

  const srPath = `Bundle.entry[${serviceRequestIndex}].resource`;
  const request = resourceAt(serviceRequestIndex);
  if (request.status !== 'active') throw bad(`${srPath}.status`, 'must be active (the referral is sent at once)');
  if (request.intent !== 'order') throw bad(`${srPath}.intent`, 'must be order');
  requirePatient(request.subject, `${srPath}.subject`);
  requireCaller(request.requester, `${srPath}.requester`);
  const performers = array(request.performer, `${srPath}.performer`);
  if (performers.length !== 1) throw bad(`${srPath}.performer`, 'must name exactly one Organization');
  const toAgencyId = organizationId(performers[0], `${srPath}.performer[0]`);
  const legalBasis = array(request.extension, `${srPath}.extension`).find(
    (extension): extension is Json => isObject(extension) && extension.url === TSUNAGU.legalBasis,
  );
  if (legalBasis && legalBasis.valueCode !== LegalBasis.CONSENT) {
    throw bad(`${srPath}.extension.valueCode`, 'only the CONSENT legal basis can be written over FHIR');
  }
  array(request.supportingInfo, `${srPath}.supportingInfo`).forEach((item, position) => {
    const target = resolve(item, `${srPath}.supportingInfo[${position}]`, 'Consent');
    if (!('entry' in target)) throw bad(`${srPath}.supportingInfo[${position}]`, 'must reference a Consent entry');
  });
  const notes = array(request.note, `${srPath}.note`);
  const summary = isObject(notes[0]) ? notes[0].text : undefined;
  if (notes.length !== 1) throw bad(`${srPath}.note`, 'must hold exactly one note: the summary');
  const needCategories = codesOf(request.code, TSUNAGU.needCategory, `${srPath}.code`);
  for (const [position, category] of array(request.category, `${srPath}.category`).entries()) {
    needCategories.push(...codesOf(category, TSUNAGU.needCategory, `${srPath}.category[${position}]`));
  }
  const shared = new Set(consents.flatMap((consent) => consent.input.dataCategories));
  const referral = await validated(
    CreateReferralInput,
    {
      personId: '00000000-0000-4000-8000-000000000000',
      toAgencyId,
      needCategories: [...new Set(needCategories)],
      summary,
      urgency: urgencyOf(request.priority, `${srPath}.priority`),
      sharedCategories: Object.values(DataCategory).filter((category) => shared.has(category)),
      legalBasis: LegalBasis.CONSENT,
      send: true,
    },
    {
      needCategories: `${srPath}.code`,
      summary: `${srPath}.note[0].text`,
      toAgencyId: `${srPath}.performer[0]`,
      sharedCategories: 'Consent.provision.code',
    },
    srPath,
  );
  const { personId: _person, idempotencyKey: _key, ...referralInput } = referral;

  if (taskIndex !== null) {
    const path = `Bundle.entry[${taskIndex}].resource`;
    const task = resourceAt(taskIndex);
    if (task.status !== 'requested') throw bad(`${path}.status`, 'must be requested');
    if (task.intent !== 'order') throw bad(`${path}.intent`, 'must be order');
    for (const element of ['focus', ...(task.basedOn === undefined ? [] : ['basedOn'])]) {
      const value = element === 'basedOn' ? array(task.basedOn, `${path}.basedOn`)[0] : task.focus;
      const target = resolve(value, `${path}.${element}`, 'ServiceRequest');
      if (!('entry' in target) || target.entry !== serviceRequestIndex) {
        throw bad(`${path}.${element}`, 'must reference the ServiceRequest entry');
      }
    }
    if (task.for !== undefined) requirePatient(task.for, `${path}.for`);
    requireCaller(task.requester, `${path}.requester`);
    if (task.owner !== undefined && organizationId(task.owner, `${path}.owner`) !== toAgencyId) {
      throw bad(`${path}.owner`, 'must be the ServiceRequest’s performer');
    }
  }

  return {
    idempotencyKey,
    person,
    consents,
    referral: referralInput,
    entries: { patient: patientIndex, serviceRequest: serviceRequestIndex, task: taskIndex, organizations },
  };
}

/** request-priority → urgency: the read side's `priorityOf` reversed (routine reads back as routine). */
function urgencyOf(value: unknown, path: string): Urgency {
  switch (value ?? 'routine') {
    case 'stat':
      return Urgency.EMERGENCY;
    case 'urgent':
    case 'asap':
      return Urgency.HIGH;
    case 'routine':
      return Urgency.NORMAL;
    default:
      throw bad(path, 'must be routine, urgent, asap or stat');
  }
}

async function parsePatient(resource: Json, path: string): Promise<RegisterPersonInput> {
  const names = array(resource.name, `${path}.name`).filter(isObject);
  const representation = (name: Json) =>
    array(name.extension, `${path}.name.extension`).find(
      (extension): extension is Json => isObject(extension) && extension.url === HL7.nameRepresentation,
    )?.valueCode;
  const ideIndex = names.findIndex((name) => representation(name) !== 'SYL');
  const ide = names[ideIndex] ?? {};
  const syl = names.find((name) => representation(name) === 'SYL') ?? {};
  const firstGiven = (name: Json, namePath: string) => array(name.given, `${namePath}.given`)[0];
  const telecom = array(resource.telecom, `${path}.telecom`).filter(isObject);
  const address: Json = array(resource.address, `${path}.address`).find(isObject) ?? {};
  const municipality = array(address.extension, `${path}.address[0].extension`).find(
    (extension): extension is Json => isObject(extension) && extension.url === TSUNAGU.municipalityCode,
  );
  const namePath = `${path}.name[${Math.max(ideIndex, 0)}]`;
  return validated(
    RegisterPersonInput,
    {
      familyName: ide.family,
      givenName: firstGiven(ide, namePath),
      familyNameKana: syl.family ?? null,
      givenNameKana: firstGiven(syl, `${path}.name`) ?? null,
      birthDate: resource.birthDate ?? null,
      phone: telecom.find((item) => item.system === 'phone')?.value ?? null,
      email: telecom.find((item) => item.system === 'email')?.value ?? null,
      municipalityCode: municipality?.valueCode ?? null,
      address: address.text ?? null,
    },
    {
      familyName: `${namePath}.family`,
      givenName: `${namePath}.given`,
      familyNameKana: `${path}.name.family`,
      givenNameKana: `${path}.name.given`,
      birthDate: `${path}.birthDate`,
      phone: `${path}.telecom`,
      email: `${path}.telecom`,
      municipalityCode: `${path}.address[0].extension`,
      address: `${path}.address[0].text`,
    },
    path,
  );
}
