import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFhirValidator, type FhirValidator } from '../libs/interop/src/fhir/fhir-schema.js';
import { createAgency, type TestAgency } from './support/builders.js';
import { consentedPair, CREATE_REFERRAL, dataOf, recordConsent, referralInput } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Entry {
  type: string;
  id: string;
  mode: string;
  status: string;
}

/** The entries of a searchset Bundle, flattened for assertions. */
function entriesOf(bundle: Json): Entry[] {
  return ((bundle.entry ?? []) as Json[]).map((entry) => ({
    type: String(entry.resource.resourceType),
    id: String(entry.resource.id),
    mode: String(entry.search.mode),
    status: String(entry.resource.status),
  }));
}

const STANDARDS = join(import.meta.dirname, '..', 'standards', 'fhir-r4');
const ERROR_SYSTEM = 'https://tsunagu.example/fhir/error-code';
const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const NAME_REPRESENTATION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';

/**
 * FHIR R4 read side: the mappings, the same scoping, masking, NOT_FOUND and audit as GraphQL, and every emitted
 * resource valid against the official R4 JSON Schema.
 */
describe('FHIR R4 (/fhir)', () => {
  let t: TestApp;
  let validator: FhirValidator;
  let sender: TestAgency;
  let recipient: TestAgency;
  let outsider: TestAgency;
  let personId: string;
  let consentId: string;
  let accepted: string;
  let declined: string;

  /** GETs a /fhir path and asserts that whatever came back is valid FHIR R4 JSON. */
  async function fhir(path: string, key: string | null): Promise<{ status: number; body: Json; type: string | null }> {
    const response = await fetch(path.startsWith('http') ? path : `${t.url}/fhir/${path}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    const body = (await response.json()) as Json;
    const result = validator(body);
    expect({ path, errors: result.errors }).toEqual({ path, errors: [] });
    return { status: response.status, body, type: response.headers.get('content-type') };
  }

  async function mutate(agency: TestAgency, mutation: string, id: string): Promise<void> {
    dataOf(
      await t.gql(`mutation ($id: ID!) { ${mutation.replace('$ID', '$id')} { id } }`, {
        variables: { id },
        key: agency.key,
      }),
      mutation,
    );
  }

  beforeAll(async () => {
    validator = createFhirValidator(join(STANDARDS, 'fhir.schema.json'));
    t = await startTestApp();
    sender = await createAgency(t, { name: 'つなぐ生活相談センター', nameEn: 'Tsunagu Life Support' });
    recipient = await createAgency(t, { name: '住まい支援ネット', nameEn: 'Housing Support Net', sector: 'HOUSING' });
    outsider = await createAgency(t);
    ({ personId, consentId } = await consentedPair(t, sender, recipient, ['IDENTITY']));
    const create = async () =>
      dataOf(
        await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
          variables: { input: referralInput(personId, recipient.id, { sharedCategories: ['IDENTITY'], send: true }) },
          key: sender.key,
        }),
        'createReferral',
      ).createReferral.id;
    accepted = await create();
    declined = await create();
    await mutate(recipient, 'acknowledgeReferral(id: $ID)', accepted);
    await mutate(recipient, 'acceptReferral(id: $ID)', accepted);
    await mutate(recipient, 'startReferral(id: $ID)', accepted);
    await mutate(recipient, 'completeReferral(id: $ID, outcome: "家賃補助を申請し住居を確保した")', accepted);
    await mutate(recipient, 'declineReferral(id: $ID, reason: NO_CAPACITY)', declined);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('the schema check itself', () => {
    const examples = readdirSync(join(STANDARDS, 'examples'));
    const read = (name: string) => JSON.parse(readFileSync(join(STANDARDS, 'examples', name), 'utf8')) as unknown;

    it.each(examples.filter((name) => name.endsWith('-valid.json')))('accepts %s', (name) => {
      expect(validator(read(name)).errors).toEqual([]);
    });

    it.each(examples.filter((name) => name.endsWith('-invalid.json')))('rejects %s', (name) => {
      expect(validator(read(name)).valid).toBe(false);
    });

    it('rejects a string where a Reference belongs and a Task without status', () => {
      const task = { resourceType: 'Task', intent: 'order', for: 'Patient/1' };
      const errors = validator(task).errors.join('\n');
      expect(errors).toMatch(/\/for/);
      expect(errors).toMatch(/status is required/);
    });
  });

  it('serves a CapabilityStatement of exactly what is implemented', async () => {
    const { status, body, type } = await fhir('metadata', null);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/fhir\+json/);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.0');
    const resources = Object.fromEntries(
      (body.rest[0].resource as Json[]).map((resource): [string, string[]] => [
        String(resource.type),
        (resource.interaction as Json[]).map((interaction) => String(interaction.code)),
      ]),
    );
    expect(resources).toEqual({
      Organization: ['read', 'search-type'],
      ServiceRequest: ['read', 'search-type'],
      Task: ['read', 'search-type', 'update', 'patch'],
      Patient: ['read'],
      Consent: ['read', 'search-type'],
      CarePlan: ['read', 'search-type'],
    });
    expect((body.rest[0].interaction as Json[]).map((interaction) => String(interaction.code))).toEqual([
      'transaction',
    ]);
  });

  it('refuses a request without a key with 401 and an OperationOutcome carrying UNAUTHENTICATED', async () => {
    const { status, body, type } = await fhir(`Task/${accepted}`, null);
    expect(status).toBe(401);
    expect(type).toMatch(/^application\/fhir\+json/);
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].details.coding).toEqual([{ system: ERROR_SYSTEM, code: 'UNAUTHENTICATED' }]);
  });

  it('refuses a key without the scope with 403 FORBIDDEN', async () => {
    const narrow = await createAgency(t, {}, ['directory:read']);
    const { status, body } = await fhir(`Patient/${personId}`, narrow.key);
    expect(status).toBe(403);
    expect(body.issue[0].details.coding[0].code).toBe('FORBIDDEN');
  });

  it('reads an agency as an Organization and finds it by name', async () => {
    const { status, body } = await fhir(`Organization/${recipient.id}`, outsider.key);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resourceType: 'Organization',
      id: recipient.id,
      name: '住まい支援ネット',
      alias: ['Housing Support Net'],
      identifier: [{ system: 'https://tsunagu.example/fhir/agency-code', value: recipient.code }],
      type: [{ coding: [{ code: 'HOUSING' }] }],
    });
    const found = await fhir(`Organization?name=${encodeURIComponent('住まい支援')}`, outsider.key);
    expect(found.body.type).toBe('searchset');
    const ids = entriesOf(found.body).map((entry) => entry.id);
    expect(ids).toContain(recipient.id);
    expect(ids).not.toContain(sender.id);
  });

  it('maps the accepted and completed referral to a ServiceRequest', async () => {
    const { status, body } = await fhir(`ServiceRequest/${accepted}`, recipient.key);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resourceType: 'ServiceRequest',
      id: accepted,
      status: 'completed',
      intent: 'order',
      priority: 'routine',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005' }] }],
      code: { coding: [{ system: 'https://tsunagu.example/fhir/CodeSystem/need-category', code: 'HOUSING' }] },
      subject: { reference: `Patient/${personId}` },
      requester: { reference: `Organization/${sender.id}` },
      performer: [{ reference: `Organization/${recipient.id}` }],
      supportingInfo: [{ reference: `Consent/${consentId}` }],
      note: [{ text: '住まいを失うおそれ。家賃滞納あり。' }],
    });
    expect(typeof body.authoredOn).toBe('string');
  });

  it('maps the referral lifecycle to a Task: status, owner, period, outcome; a decline as statusReason', async () => {
    const done = (await fhir(`Task/${accepted}`, sender.key)).body;
    expect(done).toMatchObject({
      resourceType: 'Task',
      status: 'completed',
      intent: 'order',
      focus: { reference: `ServiceRequest/${accepted}` },
      for: { reference: `Patient/${personId}` },
      requester: { reference: `Organization/${sender.id}` },
      owner: { reference: `Organization/${recipient.id}` },
      output: [{ valueString: '家賃補助を申請し住居を確保した' }],
    });
    expect(done.executionPeriod.start <= done.executionPeriod.end).toBe(true);
    expect(done.statusReason).toBeUndefined();

    const rejected = (await fhir(`Task/${declined}`, sender.key)).body;
    expect(rejected.status).toBe('rejected');
    expect(rejected.statusReason.coding).toEqual([
      { system: 'https://tsunagu.example/fhir/CodeSystem/decline-reason', code: 'NO_CAPACITY' },
    ]);
    expect((await fhir(`ServiceRequest/${declined}`, sender.key)).body.status).toBe('revoked');
  });

  it('answers a foreign referral with the same 404 as an unknown id', async () => {
    const foreign = await fhir(`ServiceRequest/${accepted}`, outsider.key);
    const unknown = await fhir(`ServiceRequest/${randomUUID()}`, outsider.key);
    const malformed = await fhir('ServiceRequest/not-an-id', outsider.key);
    expect(foreign.status).toBe(404);
    expect(foreign.body.issue[0].details.coding[0].code).toBe('NOT_FOUND');
    expect(unknown).toEqual(foreign);
    expect(malformed).toEqual(foreign);
    expect((await fhir(`Task/${accepted}`, outsider.key)).status).toBe(404);
    expect((await fhir(`Patient/${personId}`, outsider.key)).status).toBe(404);
    expect((await fhir(`Consent/${consentId}`, outsider.key)).body).toEqual(
      (await fhir(`Consent/${randomUUID()}`, outsider.key)).body,
    );
  });

  it('searches Tasks by owner and status, with _include=Task:focus', async () => {
    const { body } = await fhir(
      `Task?owner=Organization/${recipient.id}&status=rejected&_include=Task:focus`,
      recipient.key,
    );
    expect(entriesOf(body).map((entry) => [entry.type, entry.id, entry.mode])).toEqual([
      ['Task', declined, 'match'],
      ['ServiceRequest', declined, 'include'],
    ]);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const none = await fhir(`Task?requester=Organization/${sender.id}&_lastUpdated=ge${later}`, sender.key);
    expect(none.body.entry).toEqual([]);
    const since = await fhir(`Task?requester=Organization/${sender.id}&_lastUpdated=ge2020-01-01`, sender.key);
    expect(
      entriesOf(since.body)
        .map((entry) => entry.id)
        .sort(),
    ).toEqual([accepted, declined].sort());
  });

  it('pages a search with _count and the next link', async () => {
    const first = await fhir(`Task?requester=Organization/${sender.id}&_count=1`, sender.key);
    expect(first.body.entry).toHaveLength(1);
    const next = (first.body.link as Json[]).find((link) => link.relation === 'next');
    expect(next?.url).toMatch(/_cursor=/);
    const second = await fhir(next!.url as string, sender.key);
    expect(second.body.entry).toHaveLength(1);
    expect((second.body.link as Json[]).find((link) => link.relation === 'next')).toBeUndefined();
    const seen = [first, second].map((page) => page.body.entry[0].resource.id as string);
    expect(seen.sort()).toEqual([accepted, declined].sort());
    expect(first.body.total).toBe(2);
  });

  it('pages a search filtered after the fact (another agency as owner, _lastUpdated) the same way', async () => {
    const path = `Task?owner=Organization/${recipient.id}&_lastUpdated=ge2020-01-01&_count=1`;
    const pages: string[] = [];
    let url: string | undefined = path;
    while (url) {
      const page = await fhir(url, sender.key);
      expect(page.body.total).toBeUndefined();
      pages.push(...entriesOf(page.body).map((entry) => entry.id));
      url = (page.body.link as Json[]).find((link) => link.relation === 'next')?.url as string | undefined;
      expect(pages.length).toBeLessThanOrEqual(2);
    }
    expect(pages.sort()).toEqual([accepted, declined].sort());
  });

  it('searches ServiceRequests by subject', async () => {
    const { body } = await fhir(`ServiceRequest?subject=Patient/${personId}`, sender.key);
    expect(body.total).toBe(2);
    const other = await fhir(`ServiceRequest?subject=Patient/${randomUUID()}`, sender.key);
    expect(other.body.total).toBe(0);
  });

  it('reads the Patient with kanji and kana names for the registrant', async () => {
    const { body } = await fhir(`Patient/${personId}`, sender.key);
    expect(body.name).toEqual([
      expect.objectContaining({
        extension: [{ url: NAME_REPRESENTATION, valueCode: 'IDE' }],
        family: '山田',
        given: ['花子'],
      }),
      expect.objectContaining({
        extension: [{ url: NAME_REPRESENTATION, valueCode: 'SYL' }],
        family: 'ヤマダ',
        given: ['ハナコ'],
      }),
    ]);
    expect(body.birthDate).toBe('1980-04-01');
    expect(body.telecom).toEqual(
      expect.arrayContaining([
        { system: 'phone', value: '052-000-0000' },
        { system: 'email', value: 'hanako@example.jp' },
      ]),
    );
  });

  it('masks for the recipient what GraphQL masks, marked data-absent-reason, and audits the read the same way', async () => {
    const graphql = dataOf(
      await t.gql<{ person: { redacted: string[]; phone: string | null; familyName: string | null } }>(
        'query ($id: ID!) { person(id: $id) { redacted phone familyName } }',
        { variables: { id: personId }, key: recipient.key },
      ),
      'person',
    ).person;
    const { body } = await fhir(`Patient/${personId}`, recipient.key);
    expect(graphql.phone).toBeNull();
    expect(body.name[0].family).toBe(graphql.familyName);
    expect(body.telecom).toEqual([{ extension: [{ url: DATA_ABSENT, valueCode: 'masked' }] }]);
    expect(body.address).toEqual([{ extension: [{ url: DATA_ABSENT, valueCode: 'masked' }] }]);
    const redacted = (body.extension as Json[]).map((extension) => extension.valueCode as string);
    expect(redacted.sort()).toEqual([...graphql.redacted].sort());
    expect(redacted).toContain('CONTACT');

    const trail = dataOf(
      await t.gql<{ auditTrail: { edges: { node: Json }[] } }>(
        `query ($id: ID!) { auditTrail(personId: $id, first: 2) {
           edges { node { action agencyId keyId categories operation basis } } } }`,
        { variables: { id: personId }, key: sender.key },
      ),
      'auditTrail',
    ).auditTrail.edges.map((edge) => edge.node);
    expect(trail).toHaveLength(2);
    expect(trail[0]).toEqual(trail[1]);
    expect(trail[0]).toMatchObject({ action: 'PERSON_READ', agencyId: recipient.id, categories: ['IDENTITY'] });
  });

  it('masks and audits the referral text a ServiceRequest discloses as the GraphQL referral does', async () => {
    const summaryOf = async (id: string) =>
      dataOf(
        await t.gql<{ referral: { summary: string | null } }>('query ($id: ID!) { referral(id: $id) { summary } }', {
          variables: { id },
          key: recipient.key,
        }),
        'referral',
      ).referral.summary;
    // The declined referral's text is masked for the recipient on both APIs.
    expect(await summaryOf(declined)).toBeNull();
    expect((await fhir(`ServiceRequest/${declined}`, recipient.key)).body.note).toEqual([
      { _text: { extension: [{ url: DATA_ABSENT, valueCode: 'masked' }] } },
    ]);

    const summary = await summaryOf(accepted);
    expect((await fhir(`ServiceRequest/${accepted}`, recipient.key)).body.note).toEqual([{ text: summary }]);
    const trail = dataOf(
      await t.gql<{ auditTrail: { edges: { node: Json }[] } }>(
        `query ($id: ID!) { auditTrail(personId: $id, first: 2) {
           edges { node { action agencyId keyId categories operation basis referralId } } } }`,
        { variables: { id: personId }, key: sender.key },
      ),
      'auditTrail',
    ).auditTrail.edges.map((edge) => edge.node);
    expect(trail[0]).toEqual(trail[1]);
    expect(trail[0]).toMatchObject({ action: 'FREE_TEXT_READ', agencyId: recipient.id, referralId: accepted });
  });

  it('maps consents, a withdrawn one as inactive', async () => {
    const second = await recordConsent(t, sender, {
      personId,
      recipientSector: 'HOUSING',
      dataCategories: ['IDENTITY', 'CONTACT'],
    });
    dataOf(
      await t.gql('mutation ($id: ID!) { withdrawConsent(id: $id, reason: "本人の希望") { id } }', {
        variables: { id: second },
        key: sender.key,
      }),
      'withdrawConsent',
    );
    const withdrawn = (await fhir(`Consent/${second}`, sender.key)).body;
    expect(withdrawn).toMatchObject({
      resourceType: 'Consent',
      status: 'inactive',
      scope: { coding: [{ code: 'patient-privacy' }] },
      patient: { reference: `Patient/${personId}` },
      provision: {
        type: 'permit',
        actor: [{ reference: { identifier: { value: 'HOUSING' } } }],
        purpose: [{ code: 'REFERRAL' }],
        code: [{ coding: [{ code: 'IDENTITY' }] }, { coding: [{ code: 'CONTACT' }] }],
      },
    });
    expect(typeof withdrawn.provision.period.end).toBe('string');
    const active = (await fhir(`Consent/${consentId}`, recipient.key)).body;
    expect(active.status).toBe('active');
    expect(active.provision.actor[0].reference).toEqual({ reference: `Organization/${recipient.id}` });

    const listed = await fhir(`Consent?patient=Patient/${personId}`, sender.key);
    expect(entriesOf(listed.body).map((entry) => [entry.id, entry.status])).toEqual([
      [consentId, 'active'],
      [second, 'inactive'],
    ]);
  });
});
