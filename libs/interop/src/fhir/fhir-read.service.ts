import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConsentEntity, ConsentsService, PersonsService } from '@tsunagu/consent';
import { AgenciesService, type AgencyEntity } from '@tsunagu/directory';
import {
  Box,
  ReferralsService,
  ReferralTextService,
  type ReferralEntity,
  type ReferralFilter,
} from '@tsunagu/referrals';
import { BadUserInputError, hasScope, NotFoundError, pageRequest, Scope } from '@tsunagu/platform';
import { Repository } from 'typeorm';
// Not exported by @tsunagu/referrals: the one place that decides (and audits) who reads a referral's free text.
import type { FhirContext } from './fhir-auth.service.js';
import {
  consent,
  organization,
  patient,
  referralStatusOf,
  serviceRequest,
  task,
  type ReferralText,
} from './fhir-mappers.js';
import {
  assertKnownParams,
  collect,
  dateBounds,
  notFoundAs,
  paging,
  referenceId,
  requireId,
  searchset,
  single,
  withinBounds,
  type BundleEntry,
  type SearchPage,
  type SearchQuery,
} from './fhir-search.js';
import type { FhirResource } from './fhir-types.js';

/** The search parameters each search supports (and the CapabilityStatement lists). */
export const SEARCH_PARAMS = {
  Organization: ['name', 'name:contains'],
  ServiceRequest: ['_id', 'subject', 'patient', '_include', '_revinclude'],
  Task: ['_id', 'owner', 'requester', 'status', '_lastUpdated', '_include'],
  Consent: ['patient'],
} as const;

/** The `_include` values of a ServiceRequest search (`*` is all of them) and what each one adds. */
export const SERVICE_REQUEST_INCLUDES = [
  'ServiceRequest:subject',
  'ServiceRequest:requester',
  'ServiceRequest:performer',
] as const;
type ServiceRequestInclude = (typeof SERVICE_REQUEST_INCLUDES)[number];

/** The `_revinclude` values of a ServiceRequest search: the referral's Task. */
export const SERVICE_REQUEST_REVINCLUDES = ['Task:focus'] as const;

/** Page size of the service reads behind a search that filters after the fact. */
const SCAN_PAGE = 100;

/**
 * The FHIR read side: every read goes through the same services as the GraphQL queries (`agency`, `referral`,
 * `referrals`, `person`, `consents`), so scoping, masking, NOT_FOUND and audit rows are the same.
 */
@Injectable()
export class FhirReadService {
  constructor(
    private readonly text: ReferralTextService,
    private readonly agencies: AgenciesService,
    private readonly referrals: ReferralsService,
    private readonly persons: PersonsService,
    private readonly consents: ConsentsService,
    @InjectRepository(ConsentEntity) private readonly consentRows: Repository<ConsentEntity>,
  ) {}

  async organization(id: string): Promise<FhirResource> {
    const agency = await notFoundAs('Organization', () => this.agencies.get({ id: requireId('Organization', id) }));
    return organization(agency);
  }

  async searchOrganizations(base: string, query: SearchQuery): Promise<FhirResource> {
    assertKnownParams(query, SEARCH_PARAMS.Organization);
    const startsWith = single(query, 'name')?.toLowerCase();
    const contains = single(query, 'name:contains')?.toLowerCase();
    const names = (agency: AgencyEntity) => [agency.name, agency.nameEn ?? ''].map((name) => name.toLowerCase());
    const keep =
      startsWith === undefined && contains === undefined
        ? null
        : (agency: AgencyEntity) =>
            names(agency).some(
              (name) =>
                (startsWith === undefined || name.startsWith(startsWith)) &&
                (contains === undefined || name.includes(contains)),
            );
    const max = this.agencies.pageSizeMax;
    const page = await collect(
      (after, limit) => this.agencies.list(null, pageRequest(limit, after, max)),
      paging(query, max),
      keep,
      Math.min(SCAN_PAGE, max),
    );
    const entries = page.items.map((agency): BundleEntry => ({ resource: organization(agency), mode: 'match' }));
    return searchset(base, 'Organization', query, entries, page.next, page.total);
  }

  async serviceRequest(context: FhirContext, id: string): Promise<FhirResource> {
    const referral = await this.referral(context, 'ServiceRequest', id);
    return serviceRequest(referral, await this.textOf(context, referral));
  }

  async task(context: FhirContext, id: string): Promise<FhirResource> {
    const referral = await this.referral(context, 'Task', id);
    return task(referral, await this.textOf(context, referral), this.referrals.isOverdue(referral));
  }

  async searchServiceRequests(context: FhirContext, base: string, query: SearchQuery): Promise<FhirResource> {
    assertKnownParams(query, SEARCH_PARAMS.ServiceRequest);
    const includes = serviceRequestIncludes(query);
    const revincludeTask = serviceRequestRevincludes(query);
    const subject = referenceId(query, 'subject', 'Patient');
    const patientId = referenceId(query, 'patient', 'Patient');
    if (subject !== undefined && patientId !== undefined && subject !== patientId) {
      return searchset(base, 'ServiceRequest', query, [], null, 0);
    }
    const personId = subject ?? patientId;
    if (personId === null) return searchset(base, 'ServiceRequest', query, [], null, 0);
    const page =
      (await this.referralsById(context, query, 'ServiceRequest', (referral) =>
        personId ? referral.personId === personId : true,
      )) ?? (await this.referralPage(context, query, personId ? { personId } : {}, null));
    // Together, so the text gate's loaders batch the page into one lookup and one audit statement.
    const texts = await Promise.all(page.items.map((referral) => this.textOf(context, referral)));
    const entries = page.items.map((referral, index): BundleEntry => ({
      resource: serviceRequest(referral, texts[index]),
      mode: 'match',
    }));
    if (revincludeTask) {
      entries.push(
        ...page.items.map((referral, index): BundleEntry => ({
          resource: task(referral, texts[index], this.referrals.isOverdue(referral)),
          mode: 'include',
        })),
      );
    }
    entries.push(...(await this.included(context, page.items, includes)));
    return searchset(base, 'ServiceRequest', query, withoutDuplicates(entries), page.next, page.total);
  }

  async searchTasks(context: FhirContext, base: string, query: SearchQuery): Promise<FhirResource> {
    assertKnownParams(query, SEARCH_PARAMS.Task);
    const include = single(query, '_include');
    if (include !== undefined && include !== 'Task:focus') {
      throw new BadUserInputError('_include', 'Only _include=Task:focus is supported');
    }
    const owner = referenceId(query, 'owner', 'Organization');
    const requester = referenceId(query, 'requester', 'Organization');
    const statusCodes = single(query, 'status')?.split(',');
    const statuses = statusCodes?.map((code) => {
      const status = referralStatusOf(code);
      if (!status) throw new BadUserInputError('status', `${code} is not a Task status of ours`);
      return status;
    });
    const updated = dateBounds(query, '_lastUpdated');
    if (owner === null || requester === null) return searchset(base, 'Task', query, [], null, 0);

    // The caller's own side becomes the service's box; the other party is filtered after the fact.
    const agencyId = context.caller.agencyId;
    const filter: ReferralFilter = statuses ? { status: statuses } : {};
    const keep: ((referral: ReferralEntity) => boolean)[] = [];
    if (owner && owner === agencyId) filter.box = Box.INBOX;
    else if (owner) keep.push((referral) => referral.toAgencyId === owner);
    if (requester && requester === agencyId && !filter.box) filter.box = Box.OUTBOX;
    else if (requester) keep.push((referral) => referral.fromAgencyId === requester);
    if (updated.length) keep.push((referral) => withinBounds(referral.updatedAt, updated));
    const page =
      (await this.referralsById(
        context,
        query,
        'Task',
        (referral) =>
          (!owner || referral.toAgencyId === owner) &&
          (!requester || referral.fromAgencyId === requester) &&
          (!statuses || statuses.includes(referral.status)) &&
          withinBounds(referral.updatedAt, updated),
      )) ??
      (await this.referralPage(
        context,
        query,
        filter,
        keep.length ? (referral) => keep.every((test) => test(referral)) : null,
      ));

    const texts = await Promise.all(page.items.map((referral) => this.textOf(context, referral)));
    const entries = page.items.map((referral, index): BundleEntry => ({
      resource: task(referral, texts[index], this.referrals.isOverdue(referral)),
      mode: 'match',
    }));
    if (include) {
      entries.push(
        ...page.items.map((referral, index): BundleEntry => ({
          resource: serviceRequest(referral, texts[index]),
          mode: 'include',
        })),
      );
    }
    return searchset(base, 'Task', query, entries, page.next, page.total);
  }

  /** The person as the caller may see it now; audited as the GraphQL `person` query is. */
  async patient(context: FhirContext, id: string): Promise<FhirResource> {
    const person = await notFoundAs('Patient', () => this.persons.get(context.caller, requireId('Patient', id)));
    return patient(person);
  }

  async consent(context: FhirContext, id: string): Promise<FhirResource> {
    const consentId = requireId('Consent', id);
    const row = await this.consentRows.findOne({ where: { id: consentId }, select: { id: true, personId: true } });
    if (!row) throw new NotFoundError('Consent');
    const visible = await notFoundAs('Consent', () => this.consents.list(context.caller, row.personId));
    const found = visible.find((candidate) => candidate.id === consentId);
    if (!found) throw new NotFoundError('Consent');
    return consent(found);
  }

  async searchConsents(context: FhirContext, base: string, query: SearchQuery): Promise<FhirResource> {
    assertKnownParams(query, ['patient']);
    if (query._count !== undefined || query._cursor !== undefined) {
      throw new BadUserInputError('_count', 'Consent searches return all of the person’s consents in one page');
    }
    const personId = referenceId(query, 'patient', 'Patient');
    if (personId === undefined) throw new BadUserInputError('patient', 'Consent searches need patient=Patient/<id>');
    if (personId === null) throw new NotFoundError('Patient');
    const consents = await notFoundAs('Patient', () => this.consents.list(context.caller, personId));
    const entries = consents.map((model): BundleEntry => ({ resource: consent(model), mode: 'match' }));
    return searchset(base, 'Consent', query, entries, null, entries.length);
  }

  /**
   * The search by `_id`: the one referral as the read gives it, if it also passes the search's other
   * parameters; a foreign or unknown id matches nothing (the same empty Bundle). Null without `_id`.
   */
  private async referralsById(
    context: FhirContext,
    query: SearchQuery,
    type: string,
    keep: (referral: ReferralEntity) => boolean,
  ): Promise<SearchPage<ReferralEntity> | null> {
    const raw = single(query, '_id');
    if (raw === undefined) return null;
    paging(query, this.referrals.pageSizeMax);
    if (raw.includes(',')) throw new BadUserInputError('_id', '_id takes one id');
    const referral = await orNull(() => this.referral(context, type, raw));
    return referral && keep(referral)
      ? { items: [referral], next: null, total: 1 }
      : { items: [], next: null, total: 0 };
  }

  /**
   * The resources `_include` adds for the matched referrals, each as its own read gives it: the Patient only when
   * the key may read persons and the person is visible (masked and audited as `Patient/{id}`), otherwise left
   * out; the Organizations only with `directory:read`.
   */
  private async included(
    context: FhirContext,
    referrals: readonly ReferralEntity[],
    includes: ReadonlySet<ServiceRequestInclude>,
  ): Promise<BundleEntry[]> {
    const entries: BundleEntry[] = [];
    if (includes.has('ServiceRequest:subject') && hasScope(context.caller, Scope.PERSONS_READ)) {
      for (const personId of new Set(referrals.map((referral) => referral.personId))) {
        const person = await orNull(() => this.patient(context, personId));
        if (person) entries.push({ resource: person, mode: 'include' });
      }
    }
    if (hasScope(context.caller, Scope.DIRECTORY_READ)) {
      const agencyIds = new Set(
        referrals.flatMap((referral) => [
          ...(includes.has('ServiceRequest:requester') ? [referral.fromAgencyId] : []),
          ...(includes.has('ServiceRequest:performer') ? [referral.toAgencyId] : []),
        ]),
      );
      for (const agencyId of agencyIds) {
        const agency = await orNull(() => this.organization(agencyId));
        if (agency) entries.push({ resource: agency, mode: 'include' });
      }
    }
    return entries;
  }

  private referral(context: FhirContext, type: string, id: string): Promise<ReferralEntity> {
    return notFoundAs(type, () => this.referrals.get(context.caller, requireId(type, id)));
  }

  private referralPage(
    context: FhirContext,
    query: SearchQuery,
    filter: ReferralFilter,
    keep: ((referral: ReferralEntity) => boolean) | null,
  ) {
    const max = this.referrals.pageSizeMax;
    return collect(
      (after, limit) => this.referrals.list(context.caller, filter, pageRequest(limit, after, max)),
      paging(query, max),
      keep,
      Math.min(SCAN_PAGE, max),
    );
  }

  /**
   * The referral's summary and outcome through the same gate as the GraphQL fields (masked, audited). A key
   * without `persons:read` reads no free text: both are marked masked.
   */
  private async textOf(context: FhirContext, referral: ReferralEntity): Promise<ReferralText> {
    if (!hasScope(context.caller, Scope.PERSONS_READ)) {
      return { summary: null, summaryMasked: true, outcome: null, outcomeMasked: referral.outcome !== null };
    }
    this.text.know(context, referral);
    const masked = await this.text.redacted(context, referral.id, ['summary', 'outcome'] as const);
    return {
      summary: await this.text.read(context, referral.id, 'summary', referral.summary),
      summaryMasked: masked.includes('summary'),
      outcome: await this.text.read(context, referral.id, 'outcome', referral.outcome),
      outcomeMasked: referral.outcome !== null && masked.includes('outcome'),
    };
  }
}

/** The `_include` values of a ServiceRequest search; BAD_USER_INPUT naming `_include` for any other. */
function serviceRequestIncludes(query: SearchQuery): Set<ServiceRequestInclude> {
  const raw = query._include;
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((value) => value !== '');
  const includes = new Set<ServiceRequestInclude>();
  for (const value of values) {
    if (value === '*') SERVICE_REQUEST_INCLUDES.forEach((include) => includes.add(include));
    else if ((SERVICE_REQUEST_INCLUDES as readonly string[]).includes(value)) {
      includes.add(value as ServiceRequestInclude);
    } else {
      throw new BadUserInputError(
        '_include',
        `_include=${value} is not supported; use ${[...SERVICE_REQUEST_INCLUDES, '*'].join(', ')}`,
      );
    }
  }
  return includes;
}

/** Whether `_revinclude=Task:focus` asks for the referral's Task; BAD_USER_INPUT naming `_revinclude` otherwise. */
function serviceRequestRevincludes(query: SearchQuery): boolean {
  const raw = query._revinclude;
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((value) => value !== '');
  for (const value of values) {
    if (!(SERVICE_REQUEST_REVINCLUDES as readonly string[]).includes(value)) {
      throw new BadUserInputError(
        '_revinclude',
        `_revinclude=${value} is not supported; use ${SERVICE_REQUEST_REVINCLUDES.join(', ')}`,
      );
    }
  }
  return values.length > 0;
}

/** A read that the caller may not make (NOT_FOUND) contributes nothing to a Bundle: null, never the resource. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** Each resource once: the first entry of a type and id wins (a match before an include). */
function withoutDuplicates(entries: readonly BundleEntry[]): BundleEntry[] {
  const seen = new Set<string>();
  return entries.filter(({ resource }) => {
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
