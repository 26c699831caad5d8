import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createFhirValidator, type FhirValidator } from '../libs/interop/src/fhir/fhir-schema.js';
import { createAgency, type TestAgency } from './support/builders.js';
import { dataOf } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STANDARDS = join(import.meta.dirname, '..', 'standards', 'fhir-r4');
const ERROR_SYSTEM = 'https://tsunagu.example/fhir/error-code';
const NEED = 'https://tsunagu.example/fhir/CodeSystem/need-category';
const DATA_CATEGORY = 'https://tsunagu.example/fhir/CodeSystem/data-category';
const PURPOSE = 'https://tsunagu.example/fhir/CodeSystem/consent-purpose';
const DECLINE = 'https://tsunagu.example/fhir/CodeSystem/decline-reason';
const CONSENT_METHOD = 'https://tsunagu.example/fhir/StructureDefinition/consent-method';
const MUNICIPALITY = 'https://tsunagu.example/fhir/StructureDefinition/municipality-code';
const REPRESENTATION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation';

const REFERRAL = /* GraphQL */ `
  query ($id: ID!) {
    referral(id: $id) {
      id
      status
      urgency
      needCategories
      summary
      sharedCategories
      legalBasis
      version
      fromAgency {
        id
      }
      toAgency {
        id
      }
      person {
        id
        familyName
        givenName
      }
    }
  }
`;

interface Consent {
  recipient: string;
  categories: string[];
  purposes?: string[];
}

/** A transaction Bundle as a partner EHR would send it: Patient, Consent(s), ServiceRequest, Task, Organizations. */
function referralBundle(
  sender: TestAgency,
  recipient: TestAgency,
  options: { identifier?: string | null; consents?: Consent[]; priority?: string; summary?: string } = {},
): Json {
  const patient = `urn:uuid:${randomUUID()}`;
  const request = `urn:uuid:${randomUUID()}`;
  const consents = options.consents ?? [{ recipient: recipient.id, categories: ['IDENTITY', 'CONTACT'] }];
  const consentUrls = consents.map(() => `urn:uuid:${randomUUID()}`);
  const identifier = options.identifier === undefined ? randomUUID() : options.identifier;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    ...(identifier ? { identifier: { system: 'https://ehr.example/referral', value: identifier } } : {}),
    entry: [
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: { resourceType: 'Organization', id: recipient.id },
        request: { method: 'GET', url: `Organization/${recipient.id}` },
      },
      {
        fullUrl: patient,
        resource: {
          resourceType: 'Patient',
          name: [
            {
              extension: [{ url: REPRESENTATION, valueCode: 'IDE' }],
              use: 'official',
              text: '鈴木 一郎',
              family: '鈴木',
              given: ['一郎'],
            },
            {
              extension: [{ url: REPRESENTATION, valueCode: 'SYL' }],
              use: 'official',
              text: 'スズキ イチロウ',
              family: 'スズキ',
              given: ['イチロウ'],
            },
          ],
          telecom: [
            { system: 'phone', value: '052-111-2222' },
            { system: 'email', value: 'ichiro@example.jp' },
          ],
          birthDate: '1975-06-15',
          address: [{ extension: [{ url: MUNICIPALITY, valueCode: '231100' }], text: '名古屋市中川区4-5-6' }],
        },
        request: { method: 'POST', url: 'Patient' },
      },
      ...consents.map((consent, index) => ({
        fullUrl: consentUrls[index],
        resource: {
          resourceType: 'Consent',
          extension: [{ url: CONSENT_METHOD, valueCode: 'WRITTEN' }],
          status: 'active',
          scope: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
          },
          category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
          patient: { reference: patient },
          dateTime: '2026-01-10T01:00:00.000Z',
          organization: [{ reference: `Organization/${sender.id}` }],
          provision: {
            type: 'permit',
            period: { start: '2026-01-10T01:00:00.000Z', end: '2099-01-10T01:00:00.000Z' },
            actor: [
              {
                role: {
                  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
                },
                reference: { reference: `Organization/${consent.recipient}` },
              },
            ],
            purpose: (consent.purposes ?? ['REFERRAL']).map((code) => ({ system: PURPOSE, code })),
            code: consent.categories.map((code) => ({ coding: [{ system: DATA_CATEGORY, code }] })),
          },
        },
        request: { method: 'POST', url: 'Consent' },
      })),
      {
        fullUrl: request,
        resource: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          priority: options.priority ?? 'urgent',
          code: {
            coding: [
              { system: NEED, code: 'HOUSING' },
              { system: NEED, code: 'INCOME' },
            ],
          },
          subject: { reference: patient },
          requester: { reference: `Organization/${sender.id}` },
          performer: [{ reference: `Organization/${recipient.id}` }],
          supportingInfo: consentUrls.map((reference) => ({ reference })),
          note: [{ text: options.summary ?? '家賃滞納があり住まいの相談を希望' }],
        },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          focus: { reference: request },
          for: { reference: patient },
          requester: { reference: `Organization/${sender.id}` },
          owner: { reference: `Organization/${recipient.id}` },
        },
        request: { method: 'POST', url: 'Task' },
      },
    ],
  };
}

/**
 * FHIR R4 write side: a transaction Bundle creates and sends a referral through the GraphQL services; Task
 * status changes drive the same state machine; every body is valid R4.
 */
describe('FHIR R4 writes (/fhir)', () => {
  let t: TestApp;
  let validator: FhirValidator;
  let sender: TestAgency;
  let recipient: TestAgency;
  let outsider: TestAgency;

  async function call(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json; headers: Headers }> {
    const response = await fetch(`${t.url}/fhir${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    expect({ path, errors: validator(json).errors }).toEqual({ path, errors: [] });
    return { status: response.status, body: json, headers: response.headers };
  }

  async function counts(): Promise<{ persons: number; consents: number; referrals: number }> {
    const db = t.app.get(DataSource);
    const [row] = await db.query<{ persons: number; consents: number; referrals: number }[]>(
      `SELECT (SELECT count(*) FROM person WHERE registered_by_agency_id = $1)::int AS persons,
              (SELECT count(*) FROM consent WHERE recorded_by_agency_id = $1)::int AS consents,
              (SELECT count(*) FROM referral WHERE from_agency_id = $1)::int AS referrals`,
      [sender.id],
    );
    return row;
  }

  async function referral(id: string, key: string): Promise<Json> {
    return dataOf(await t.gql<{ referral: Json }>(REFERRAL, { variables: { id }, key }), 'referral').referral;
  }

  function locations(bundle: Json): string[] {
    return (bundle.entry as Json[]).map((entry) => String(entry.response.location));
  }

  /** Posts a Bundle that must succeed; the referral's id. */
  async function post(bundle: Json): Promise<{ id: string; response: Json }> {
    const { status, body } = await call('POST', '', sender.key, bundle);
    expect({ status, body: body.resourceType }).toEqual({ status: 200, body: 'Bundle' });
    const location = locations(body).find((item) => item.startsWith('ServiceRequest/'));
    return { id: String(location?.split('/')[1]), response: body };
  }

  function patch(id: string, key: string, operations: unknown[], headers: Record<string, string> = {}) {
    return call('PATCH', `/Task/${id}`, key, operations, {
      'content-type': 'application/json-patch+json',
      ...headers,
    });
  }

  beforeAll(async () => {
    validator = createFhirValidator(join(STANDARDS, 'fhir.schema.json'));
    t = await startTestApp();
    sender = await createAgency(t, { name: 'つなぐ診療所', nameEn: 'Tsunagu Clinic' });
    recipient = await createAgency(t, { name: '住まい支援ネット', nameEn: 'Housing Support Net', sector: 'HOUSING' });
    outsider = await createAgency(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates and sends the referral that GraphQL then shows, and reads it back element for element', async () => {
    const bundle = referralBundle(sender, recipient);
    const { id, response } = await post(bundle);
    expect(response.type).toBe('transaction-response');
    expect((response.entry as Json[]).map((entry) => String(entry.response.status))).toEqual([
      '200 OK',
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const [organization, patientAt, consentAt, requestAt, taskAt] = locations(response);
    expect(organization).toBe(`Organization/${recipient.id}`);
    expect(requestAt).toBe(`ServiceRequest/${id}`);
    expect(taskAt).toBe(`Task/${id}`);

    const shown = await referral(id, sender.key);
    expect(shown).toMatchObject({
      status: 'REQUESTED',
      urgency: 'HIGH',
      needCategories: ['HOUSING', 'INCOME'],
      summary: '家賃滞納があり住まいの相談を希望',
      sharedCategories: ['IDENTITY', 'CONTACT'],
      legalBasis: 'CONSENT',
      fromAgency: { id: sender.id },
      toAgency: { id: recipient.id },
      person: { id: patientAt.split('/')[1], familyName: '鈴木', givenName: '一郎' },
    });
    const inbox = await referral(id, recipient.key);
    expect(inbox.status).toBe('REQUESTED');

    const posted = (type: string) => (bundle.entry as Json[]).find((entry) => entry.resource.resourceType === type)!;
    const sr = (await call('GET', `/${requestAt}`, sender.key)).body;
    const sent = posted('ServiceRequest').resource;
    expect(sr).toMatchObject({
      status: sent.status,
      intent: sent.intent,
      priority: sent.priority,
      subject: { reference: patientAt },
      requester: sent.requester,
      performer: sent.performer,
      supportingInfo: [{ reference: consentAt }],
      note: sent.note,
    });
    expect(sr.code.coding.map((coding: Json): string[] => [String(coding.system), String(coding.code)])).toEqual(
      sent.code.coding.map((coding: Json): string[] => [String(coding.system), String(coding.code)]),
    );

    const task = (await call('GET', `/${taskAt}`, sender.key)).body;
    const sentTask = posted('Task').resource;
    expect(task).toMatchObject({
      status: sentTask.status,
      intent: sentTask.intent,
      focus: { reference: requestAt },
      for: { reference: patientAt },
      requester: sentTask.requester,
      owner: sentTask.owner,
    });

    const patient = (await call('GET', `/${patientAt}`, sender.key)).body;
    const sentPatient = posted('Patient').resource;
    expect(patient).toMatchObject({
      name: sentPatient.name,
      telecom: sentPatient.telecom,
      birthDate: sentPatient.birthDate,
      address: sentPatient.address,
    });

    const consent = (await call('GET', `/${consentAt}`, sender.key)).body;
    const sentConsent = posted('Consent').resource;
    expect(consent).toMatchObject({
      status: sentConsent.status,
      patient: { reference: patientAt },
      dateTime: sentConsent.dateTime,
      organization: sentConsent.organization,
    });
    expect(consent.provision).toMatchObject({
      type: 'permit',
      period: sentConsent.provision.period,
      purpose: sentConsent.provision.purpose,
      actor: [{ reference: sentConsent.provision.actor[0].reference }],
    });
    expect(consent.provision.code.map((concept: Json) => String(concept.coding[0].code))).toEqual([
      'IDENTITY',
      'CONTACT',
    ]);
  });

  it('answers a repeated Bundle (same identifier, or same ifNoneExist) with the same response and creates nothing', async () => {
    const bundle = referralBundle(sender, recipient);
    const first = await post(bundle);
    const before = await counts();
    const again = await post(bundle);
    expect(again.response).toEqual(first.response);
    expect(await counts()).toEqual(before);

    const conditional = referralBundle(sender, recipient, {
      identifier: null,
      consents: [
        { recipient: recipient.id, categories: ['IDENTITY'] },
        { recipient: recipient.id, categories: ['CONTACT'] },
      ],
    });
    const requestEntry = (conditional.entry as Json[]).find(
      (entry) => entry.resource.resourceType === 'ServiceRequest',
    )!;
    requestEntry.request.ifNoneExist = `identifier=https://ehr.example/order|${randomUUID()}`;
    const once = await post(conditional);
    const afterOnce = await counts();
    expect((await post(conditional)).response).toEqual(once.response);
    expect(await counts()).toEqual(afterOnce);
  });

  it('refuses the same identifier for a different referral with 409 CONFLICT, creating nothing', async () => {
    const identifier = randomUUID();
    await post(referralBundle(sender, recipient, { identifier }));
    const before = await counts();
    const other = referralBundle(sender, recipient, { identifier, summary: '別の相談' });
    const { status, body } = await call('POST', '', sender.key, other);
    expect(status).toBe(409);
    expect(body.issue[0].details.coding[0].code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('answers a body that is not JSON with BAD_USER_INPUT on the body', async () => {
    const response = await fetch(`${t.url}/fhir`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sender.key}`, 'content-type': 'application/fhir+json' },
      body: '{"resourceType": "Bundle",',
    });
    const body = (await response.json()) as Json;
    expect(validator(body).errors).toEqual([]);
    expect(response.status).toBe(400);
    expect(body.issue[0].details.coding[0].code).toBe('BAD_USER_INPUT');
    expect(body.issue[0].expression).toEqual(['body']);
  });

  it('refuses a Bundle whose consents do not cover a shared category: CONSENT_REQUIRED naming it, nothing created', async () => {
    const before = await counts();
    const bundle = referralBundle(sender, recipient, {
      consents: [
        { recipient: recipient.id, categories: ['IDENTITY'] },
        { recipient: outsider.id, categories: ['CONTACT'] },
      ],
    });
    const { status, body } = await call('POST', '', sender.key, bundle);
    expect(status).toBe(403);
    expect(body.issue[0].details.coding).toEqual([{ system: ERROR_SYSTEM, code: 'CONSENT_REQUIRED' }]);
    expect(body.issue[0].details.text).toContain('CONTACT');
    expect(body.issue[0].details.text).not.toContain('IDENTITY');
    expect(await counts()).toEqual(before);
  });

  it('names the FHIR element of bad input (BAD_USER_INPUT with its expression), nothing created', async () => {
    const before = await counts();
    const { status, body } = await call(
      'POST',
      '',
      sender.key,
      referralBundle(sender, recipient, { priority: 'soon' }),
    );
    expect(status).toBe(400);
    expect(body.issue[0].details.coding[0].code).toBe('BAD_USER_INPUT');
    expect(body.issue[0].expression).toEqual(['Bundle.entry[3].resource.priority']);

    const blank = await call('POST', '', sender.key, referralBundle(sender, recipient, { summary: '' }));
    expect(blank.status).toBe(400);
    expect(blank.body.issue[0].expression).toEqual(['Bundle.entry[3].resource.note[0].text']);
    expect(await counts()).toEqual(before);
  });

  it('moves the referral by PATCH of Task.status by the owner, with If-Match as the expected version', async () => {
    const { id } = await post(referralBundle(sender, recipient));
    const received = await patch(id, recipient.key, [{ op: 'replace', path: '/status', value: 'received' }]);
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('received');
    const shown = await referral(id, sender.key);
    expect(shown.status).toBe('RECEIVED');
    expect(received.headers.get('etag')).toBe(`W/"${shown.version}"`);

    const stale = await patch(id, recipient.key, [{ op: 'replace', path: '/status', value: 'accepted' }], {
      'if-match': `W/"${shown.version - 1}"`,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.issue[0].details.coding[0].code).toBe('CONFLICT');
    expect((await referral(id, sender.key)).status).toBe('RECEIVED');

    const accepted = await patch(id, recipient.key, [{ op: 'replace', path: '/status', value: 'accepted' }], {
      'if-match': `W/"${shown.version}"`,
    });
    expect(accepted.body.status).toBe('accepted');
    expect((await referral(id, sender.key)).status).toBe('ACCEPTED');
  });

  it('declines by PUT of the Task with a statusReason code', async () => {
    const { id } = await post(referralBundle(sender, recipient));
    const task = (await call('GET', `/Task/${id}`, recipient.key)).body;
    const { status, body } = await call('PUT', `/Task/${id}`, recipient.key, {
      ...task,
      status: 'rejected',
      statusReason: { coding: [{ system: DECLINE, code: 'NO_CAPACITY' }], text: '今月は満員' },
    });
    expect(status).toBe(200);
    expect(body.status).toBe('rejected');
    expect(body.statusReason.coding[0].code).toBe('NO_CAPACITY');
    expect((await referral(id, sender.key)).status).toBe('REJECTED');
  });

  it('answers an invalid transition with 409 INVALID_TRANSITION listing the allowed Task statuses', async () => {
    const { id } = await post(referralBundle(sender, recipient));
    const { status, body } = await patch(id, recipient.key, [
      { op: 'replace', path: '/status', value: 'completed' },
      {
        op: 'add',
        path: '/output',
        value: [
          {
            type: { coding: [{ system: 'https://tsunagu.example/fhir/CodeSystem/task-output', code: 'outcome' }] },
            valueString: '住居を確保した',
          },
        ],
      },
    ]);
    expect(status).toBe(409);
    expect(body.issue[0].details.coding[0].code).toBe('INVALID_TRANSITION');
    expect(body.issue[0].details.text).toMatch(/allowed: received, accepted, rejected$/);
    expect((await referral(id, sender.key)).status).toBe('REQUESTED');
  });

  it('answers a Task of others with the same 404 as an unknown one', async () => {
    const { id } = await post(referralBundle(sender, recipient));
    const operations = [{ op: 'replace', path: '/status', value: 'received' }];
    const foreign = await patch(id, outsider.key, operations);
    const unknown = await patch(randomUUID(), outsider.key, operations);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(foreign.body.issue[0].details.coding[0].code).toBe('NOT_FOUND');
    expect((await referral(id, sender.key)).status).toBe('REQUESTED');
  });
});
