import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createFhirValidator, type FhirValidator } from '../libs/interop/src/fhir/fhir-schema.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { consentedPair, CREATE_REFERRAL, dataOf, referralInput } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STANDARDS = join(import.meta.dirname, '..', 'standards', 'fhir-r4');
const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const MASKED = [{ extension: [{ url: DATA_ABSENT, valueCode: 'masked' }] }];

/** `[type, id, mode]` of each entry of a searchset Bundle, in order. */
function entriesOf(bundle: Json): [string, string, string][] {
  return ((bundle.entry ?? []) as Json[]).map((entry) => [
    String(entry.resource.resourceType),
    String(entry.resource.id),
    String(entry.search.mode),
  ]);
}

function resourceOf(bundle: Json, type: string): Json | undefined {
  return ((bundle.entry ?? []) as Json[]).find((entry) => entry.resource.resourceType === type)?.resource as
    Json | undefined;
}

/**
 * A referral as one searchset Bundle: `ServiceRequest?_id=` with `_include` and `_revinclude=Task:focus` gives
 * what each read gives (scoped, masked, audited the same), each resource once.
 */
describe('FHIR R4: a referral as one Bundle', () => {
  let t: TestApp;
  let validator: FhirValidator;
  let sender: TestAgency;
  let recipient: TestAgency;
  let outsider: TestAgency;
  let personId: string;
  let referralId: string;
  let secondId: string;

  /** GETs a /fhir path and asserts that whatever came back is valid FHIR R4 JSON. */
  async function fhir(path: string, key: string): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${t.url}/fhir/${path}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await response.json()) as Json;
    expect({ path, errors: validator(body).errors }).toEqual({ path, errors: [] });
    return { status: response.status, body };
  }

  const bundlePath = (id: string) => `ServiceRequest?_id=${id}&_include=*&_revinclude=Task:focus`;

  async function refer(agency: TestAgency, person: string, to: string, shared: string[]): Promise<string> {
    return dataOf(
      await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
        variables: { input: referralInput(person, to, { sharedCategories: shared, send: true }) },
        key: agency.key,
      }),
      'createReferral',
    ).createReferral.id;
  }

  /** The PERSON_READ audit rows of the person by the agency, latest first. */
  async function personReads(person: string, agencyId: string): Promise<Json[]> {
    const trail = dataOf(
      await t.gql<{ auditTrail: { edges: { node: Json }[] } }>(
        `query ($id: ID!) { auditTrail(personId: $id, first: 100) {
           edges { node { action agencyId keyId categories operation basis } } } }`,
        { variables: { id: person }, key: sender.key },
      ),
      'auditTrail',
    ).auditTrail.edges.map((edge) => edge.node);
    return trail.filter((row) => row.action === 'PERSON_READ' && row.agencyId === agencyId);
  }

  beforeAll(async () => {
    validator = createFhirValidator(join(STANDARDS, 'fhir.schema.json'));
    t = await startTestApp();
    sender = await createAgency(t, { name: 'つなぐ生活相談センター' });
    recipient = await createAgency(t, { name: '住まい支援ネット', sector: 'HOUSING' });
    outsider = await createAgency(t);
    ({ personId } = await consentedPair(t, sender, recipient, ['IDENTITY']));
    referralId = await refer(sender, personId, recipient.id, ['IDENTITY']);
    secondId = await refer(sender, personId, recipient.id, ['IDENTITY']);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('gives the sender the ServiceRequest as match and its Task, Patient and both Organizations as include', async () => {
    const { status, body } = await fhir(bundlePath(referralId), sender.key);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(entriesOf(body)).toEqual([
      ['ServiceRequest', referralId, 'match'],
      ['Task', referralId, 'include'],
      ['Patient', personId, 'include'],
      ['Organization', sender.id, 'include'],
      ['Organization', recipient.id, 'include'],
    ]);
    // Each entry is what its own read gives the same caller.
    for (const entry of body.entry as Json[]) {
      const { resourceType, id } = entry.resource as { resourceType: string; id: string };
      expect(entry.fullUrl).toBe(`${t.url}/fhir/${resourceType}/${id}`);
      expect(entry.resource).toEqual((await fhir(`${resourceType}/${id}`, sender.key)).body);
    }
    expect(resourceOf(body, 'Patient')!.name[0].family).toBe('山田');
  });

  it('includes only what _include names, and each resource once across the referrals of a subject', async () => {
    const orgs = await fhir(
      `ServiceRequest?_id=${referralId}&_include=ServiceRequest:requester&_include=ServiceRequest:performer`,
      sender.key,
    );
    expect(entriesOf(orgs.body)).toEqual([
      ['ServiceRequest', referralId, 'match'],
      ['Organization', sender.id, 'include'],
      ['Organization', recipient.id, 'include'],
    ]);
    const subject = await fhir(
      `ServiceRequest?subject=Patient/${personId}&_include=*&_include=ServiceRequest:subject&_revinclude=Task:focus`,
      sender.key,
    );
    expect(subject.body.total).toBe(2);
    const entries = entriesOf(subject.body);
    expect(new Set(entries.map(([type, id]) => `${type}/${id}`)).size).toBe(entries.length);
    expect(entries.filter(([, , mode]) => mode === 'match').map(([, id]) => id)).toEqual(
      expect.arrayContaining([referralId, secondId]),
    );
    expect(entries.filter(([, , mode]) => mode === 'include').sort()).toEqual(
      [
        ['Task', referralId, 'include'],
        ['Task', secondId, 'include'],
        ['Patient', personId, 'include'],
        ['Organization', sender.id, 'include'],
        ['Organization', recipient.id, 'include'],
      ].sort(),
    );
  });

  it('gives the recipient the Patient masked as its read is, and audits it as Patient/{id}', async () => {
    const read = await fhir(`Patient/${personId}`, recipient.key);
    const before = await personReads(personId, recipient.id);
    const { body } = await fhir(bundlePath(referralId), recipient.key);
    expect(entriesOf(body)).toEqual([
      ['ServiceRequest', referralId, 'match'],
      ['Task', referralId, 'include'],
      ['Patient', personId, 'include'],
      ['Organization', sender.id, 'include'],
      ['Organization', recipient.id, 'include'],
    ]);
    const patient = resourceOf(body, 'Patient')!;
    expect(patient).toEqual(read.body);
    expect(patient.name[0].family).toBe('山田');
    expect(patient.telecom).toEqual(MASKED);
    expect((patient.extension as Json[]).map((extension) => String(extension.valueCode))).toContain('CONTACT');

    const after = await personReads(personId, recipient.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toEqual(before[0]);
    expect(after[0]).toMatchObject({ operation: 'person', categories: ['IDENTITY'] });
  });

  it('leaves the Patient out once the consent is withdrawn, as its read is then NOT_FOUND', async () => {
    const pair = await consentedPair(t, sender, recipient, ['IDENTITY', 'CONTACT']);
    const id = await refer(sender, pair.personId, recipient.id, ['IDENTITY', 'CONTACT']);
    const shown = resourceOf((await fhir(bundlePath(id), recipient.key)).body, 'Patient')!;
    expect(shown.name[0].family).toBe('山田');
    expect(shown.telecom).not.toEqual(MASKED);
    dataOf(
      await t.gql('mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', {
        variables: { id: pair.consentId },
        key: sender.key,
      }),
      'withdrawConsent',
    );
    expect((await fhir(`Patient/${pair.personId}`, recipient.key)).status).toBe(404);
    const { status, body } = await fhir(bundlePath(id), recipient.key);
    expect(status).toBe(200);
    expect(entriesOf(body).map(([type]) => type)).not.toContain('Patient');
    expect(entriesOf(body)[0]).toEqual(['ServiceRequest', id, 'match']);
    expect(JSON.stringify(body)).not.toContain('山田');
  });

  it('leaves the Patient out for a key that may not read persons, and audits no read', async () => {
    const key = await issueKey(t, {
      agencyId: recipient.id,
      scopes: ['referrals:read', 'directory:read'],
    });
    const before = await personReads(personId, recipient.id);
    const { status, body } = await fhir(bundlePath(referralId), key.secret);
    expect(status).toBe(200);
    expect(entriesOf(body)).toEqual([
      ['ServiceRequest', referralId, 'match'],
      ['Task', referralId, 'include'],
      ['Organization', sender.id, 'include'],
      ['Organization', recipient.id, 'include'],
    ]);
    expect(JSON.stringify(body)).not.toContain('山田');
    expect(await personReads(personId, recipient.id)).toHaveLength(before.length);
  });

  it('gives a third agency an empty Bundle, the same as for an id that does not exist', async () => {
    const unknownId = randomUUID();
    for (const path of [bundlePath, (id: string) => `Task?_id=${id}`]) {
      const foreign = await fhir(path(referralId), outsider.key);
      const unknown = await fhir(path(unknownId), outsider.key);
      expect(foreign.status).toBe(200);
      expect(foreign.body.total).toBe(0);
      expect(foreign.body.entry).toEqual([]);
      expect(foreign.body).toEqual(JSON.parse(JSON.stringify(unknown.body).replaceAll(unknownId, referralId)));
    }
    expect(await personReads(personId, outsider.id)).toEqual([]);
  });

  it('finds a Task by _id, combined with its other parameters', async () => {
    const { body } = await fhir(`Task?_id=${referralId}&owner=Organization/${recipient.id}`, recipient.key);
    expect(entriesOf(body)).toEqual([['Task', referralId, 'match']]);
    expect(body.total).toBe(1);
    const other = await fhir(`Task?_id=${referralId}&owner=Organization/${sender.id}`, recipient.key);
    expect(other.body.total).toBe(0);
    const focus = await fhir(`Task?_id=${referralId}&_include=Task:focus`, sender.key);
    expect(entriesOf(focus.body)).toEqual([
      ['Task', referralId, 'match'],
      ['ServiceRequest', referralId, 'include'],
    ]);
  });

  it.each([
    ['_include=ServiceRequest:based-on', '_include'],
    ['_include=*&_include=Patient:organization', '_include'],
    ['_revinclude=Consent:patient', '_revinclude'],
    ['_revinclude=Task:focus&_has=Task:focus:status=ready', '_has'],
  ])('refuses %s with 400 naming %s', async (params, name) => {
    const { status, body } = await fhir(`ServiceRequest?_id=${referralId}&${params}`, sender.key);
    expect(status).toBe(400);
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].details.coding[0].code).toBe('BAD_USER_INPUT');
    expect(body.issue[0].expression).toEqual([name]);
  });

  it('lists _id, the includes and the revinclude in the CapabilityStatement', async () => {
    const { body } = await fhir('metadata', sender.key);
    const resources = body.rest[0].resource as Json[];
    const serviceRequest = resources.find((resource) => resource.type === 'ServiceRequest')!;
    expect(serviceRequest.searchInclude).toEqual([
      'ServiceRequest:subject',
      'ServiceRequest:requester',
      'ServiceRequest:performer',
      '*',
    ]);
    expect(serviceRequest.searchRevInclude).toEqual(['Task:focus']);
    const names = (type: string): string[] =>
      (resources.find((resource) => resource.type === type)!.searchParam as Json[]).map((param) => String(param.name));
    expect(names('ServiceRequest')).toEqual(['_id', 'subject', 'patient', '_count']);
    expect(names('Task')).toEqual(['_id', 'owner', 'requester', 'status', '_lastUpdated', '_count']);
  });
});
