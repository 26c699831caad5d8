import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serviceIdOf, TAXONOMY, taxonomyIdOf, taxonomyTermIdOf, type HsdsPage } from '@tsunagu/interop';
import { HsdsSchemaValidator, type HsdsSchemaName } from '../libs/interop/src/hsds/hsds-schema.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Page = HsdsPage<Record<string, unknown>>;

interface Attribute {
  value?: string;
  taxonomy_term: { code: string; taxonomy: string };
}

const NAKAGAWA = '231100';
const CREATE_RESOURCE = /* GraphQL */ `
  mutation ($input: CommunityResourceInput!) {
    createCommunityResource(input: $input) {
      id
    }
  }
`;

/** openapi.json's `components.schemas.Page`, closed over the envelope's fields plus `contents`. */
const PAGE_SCHEMA = (() => {
  const openapi = JSON.parse(readFileSync('standards/hsds/3.0/schema/openapi.json', 'utf8')) as {
    components: { schemas: { Page: { properties: Record<string, { type: string }> } } };
  };
  return openapi.components.schemas.Page.properties;
})();

describe('HSDS 3.0 (/hsds)', () => {
  let own: OwnDatabase;
  let t: TestApp;
  let validator: HsdsSchemaValidator;
  let withTargets: TestAgency;
  let withoutEmail: TestAgency;
  let resourceId: string;

  /** GETs `path`; the body is parsed JSON, loosely typed for the assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function get(path: string, key: string | null = t.adminKey): Promise<{ status: number; body: any }> {
    const response = await fetch(`${t.url}${path}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: response.status, body: await response.json() };
  }

  function expectValid(schema: HsdsSchemaName, value: unknown): void {
    expect({ schema, errors: validator.validate(schema, value).errors }).toEqual({ schema, errors: [] });
  }

  /** The envelope has exactly the `Page` fields with their types, and every item validates against `schema`. */
  function expectPage(body: Page, schema: HsdsSchemaName): void {
    expect(Object.keys(body).sort()).toEqual([...Object.keys(PAGE_SCHEMA), 'contents'].sort());
    for (const [field, { type }] of Object.entries(PAGE_SCHEMA)) {
      const value = body[field as keyof Page];
      expect({ field, ok: type === 'integer' ? Number.isInteger(value) : typeof value === type }).toEqual({
        field,
        ok: true,
      });
    }
    expect(body.size).toBe(body.contents.length);
    for (const item of body.contents) expectValid(schema, item);
  }

  beforeAll(async () => {
    own = await createOwnDatabase('hsds');
    t = await startTestApp({ DATABASE_URL: own.url, REDIS_PREFIX: own.prefix });
    validator = new HsdsSchemaValidator();
    withTargets = await createAgency(t, {
      name: '中川区自立相談支援センター',
      nameEn: 'Nakagawa self-reliance support centre',
      needCategories: ['INCOME', 'HOUSING'],
      serviceAreas: [
        { level: 'MUNICIPALITY', code: NAKAGAWA },
        { level: 'NEIGHBOURHOOD', code: `${NAKAGAWA}-TOMITA`, name: '富田地区' },
      ],
      responseTargets: [
        { urgency: 'EMERGENCY', acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false },
        { urgency: 'NORMAL', acknowledgeWithin: 'P2D', decideWithin: 'P5D', businessTime: true },
      ],
    });
    withoutEmail = await createAgency(t, {
      sector: 'DEBT',
      contactEmail: null,
      needCategories: ['DEBT'],
      serviceAreas: [{ level: 'PREFECTURE', code: '230006' }],
    });
    const created = await t.gql<{ createCommunityResource: { id: string } }>(CREATE_RESOURCE, {
      variables: {
        input: {
          name: `とみた子ども食堂 ${randomUUID().slice(0, 8)}`,
          kind: 'FOOD_SUPPORT',
          description: '毎月第2土曜日の子ども食堂',
          needCategories: ['DAILY_LIVING'],
          municipalityCodes: [NAKAGAWA],
          contact: '052-000-0000',
        },
      },
    });
    if (!created.body.data) throw new Error(JSON.stringify(created.body.errors));
    resourceId = created.body.data.createCommunityResource.id;
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  it('GET /hsds/ describes the API: HSDS 3.0 and the openapi document', async () => {
    for (const path of ['/hsds/', '/hsds']) {
      const { status, body } = await get(path);
      expect({ path, status, body }).toEqual({
        path,
        status: 200,
        body: { version: '3.0', openapi_url: expect.stringMatching(/openapi\.json$/) },
      });
    }
    const anonymous = await get('/hsds/', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a request without a key (401 UNAUTHENTICATED) and a key without directory:read (403 FORBIDDEN)', async () => {
    const anonymous = await get('/hsds/services', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const wrong = await get('/hsds/services', 'tsk_not_a_key');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    const narrow = await issueKey(t, { agencyId: withTargets.id, scopes: ['persons:read'] });
    const forbidden = await get('/hsds/organizations', narrow.secret);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });

  it('lets any agency key with directory:read read the directory, as the GraphQL API does', async () => {
    const { status, body } = await get('/hsds/organizations', withoutEmail.key);
    expect(status).toBe(200);
    expect((body as Page).total_items).toBe(3);
  });

  it('lists services (agencies and community resources) in the Page envelope, each valid against service_list', async () => {
    const { status, body } = await get('/hsds/services');
    expect(status).toBe(200);
    expectPage(body, 'compiled/service_list');
    expect(body).toMatchObject({ total_items: 3, total_pages: 1, page_number: 1, first_page: true, last_page: true });
    expect((body as Page).contents.map((service) => service.id).sort()).toEqual(
      [withTargets.id, withoutEmail.id, resourceId].map(serviceIdOf).sort(),
    );
    const organizationIds = (body as Page).contents.map((service) => (service.organization as { id: string }).id);
    expect(organizationIds.sort()).toEqual([withTargets.id, withoutEmail.id, resourceId].sort());
  });

  it('pages with page and per_page, and refuses bad paging as BAD_USER_INPUT naming the parameter', async () => {
    const second = (await get('/hsds/services?page=2&per_page=2')).body as Page;
    expectPage(second, 'compiled/service_list');
    expect(second).toMatchObject({
      total_items: 3,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    const first = (await get('/hsds/services?page=1&per_page=2')).body as Page;
    expect(first).toMatchObject({ size: 2, first_page: true, last_page: false });
    expect([...first.contents, ...second.contents].map((service) => service.id).sort()).toEqual(
      [withTargets.id, withoutEmail.id, resourceId].map(serviceIdOf).sort(),
    );
    const beyond = (await get('/hsds/services?page=9&per_page=2')).body as Page;
    expect(beyond).toMatchObject({ size: 0, empty: true, contents: [] });

    for (const [query, field] of [
      ['per_page=0', 'per_page'],
      ['per_page=501', 'per_page'],
      ['page=abc', 'page'],
      ['organization_id=nope', 'organization_id'],
    ]) {
      const bad = await get(`/hsds/services?${query}`);
      expect({ query, status: bad.status, body: bad.body }).toEqual({
        query,
        status: 400,
        body: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      });
    }
  });

  it('filters services by organization_id, taxonomy_term_id and taxonomy_id', async () => {
    const byOrganization = (await get(`/hsds/services?organization_id=${withTargets.id}`)).body as Page;
    expect(byOrganization.contents.map((service) => service.id)).toEqual([serviceIdOf(withTargets.id)]);
    const housing = taxonomyTermIdOf(TAXONOMY.NEED_CATEGORY, 'HOUSING');
    const byTerm = (await get(`/hsds/services?taxonomy_term_id=${housing}`)).body as Page;
    expect(byTerm.contents.map((service) => service.id)).toEqual([serviceIdOf(withTargets.id)]);
    const resourceKinds = taxonomyIdOf(TAXONOMY.COMMUNITY_RESOURCE_KIND);
    const byTaxonomy = (await get(`/hsds/services?taxonomy_id=${resourceKinds}`)).body as Page;
    expect(byTaxonomy.contents.map((service) => service.id)).toEqual([serviceIdOf(resourceId)]);
  });

  it('GET /hsds/services/{id}: the full service with areas, needs and response targets, valid against service', async () => {
    const { status, body } = await get(`/hsds/services/${serviceIdOf(withTargets.id)}`);
    expect(status).toBe(200);
    expectValid('service', body);
    expect(body).toMatchObject({
      id: serviceIdOf(withTargets.id),
      organization_id: withTargets.id,
      name: '中川区自立相談支援センター',
      status: 'active',
      email: 'window@example.jp',
      service_at_locations: [],
      organization: { id: withTargets.id },
    });
    expect((body.service_areas as { extent: string; name: string }[]).map((area) => [area.extent, area.name])).toEqual([
      [`${NAKAGAWA}-TOMITA`, '愛知県名古屋市中川区 富田地区'],
      [NAKAGAWA, '愛知県名古屋市中川区'],
    ]);
    const attributes = body.attributes as Attribute[];
    const of = (taxonomy: string) =>
      attributes.filter((a) => a.taxonomy_term.taxonomy === taxonomy).map((a) => [a.taxonomy_term.code, a.value]);
    expect(of(TAXONOMY.NEED_CATEGORY)).toEqual([
      ['INCOME', undefined],
      ['HOUSING', undefined],
    ]);
    expect(of(TAXONOMY.RESPONSE_TARGET)).toEqual(
      expect.arrayContaining([
        ['EMERGENCY_ACKNOWLEDGE', 'PT1H'],
        ['EMERGENCY_DECIDE', 'PT4H'],
        ['EMERGENCY_BUSINESS_TIME', 'false'],
        ['NORMAL_ACKNOWLEDGE', 'P2D'],
        ['NORMAL_DECIDE', 'P5D'],
        ['NORMAL_BUSINESS_TIME', 'true'],
      ]),
    );
    expect(of(TAXONOMY.RECORD_KIND)).toEqual([['AGENCY', undefined]]);
  });

  it('GET /hsds/services/{id} of a community resource and of an agency without e-mail validate too', async () => {
    const resource = await get(`/hsds/services/${serviceIdOf(resourceId)}`);
    expect(resource.status).toBe(200);
    expectValid('service', resource.body);
    const kinds = (resource.body.attributes as Attribute[])
      .filter((a) => a.taxonomy_term.taxonomy === TAXONOMY.RECORD_KIND)
      .map((a) => a.taxonomy_term.code);
    expect(kinds).toEqual(['COMMUNITY_RESOURCE']);
    expect(resource.body.phones).toEqual([expect.objectContaining({ number: '052-000-0000' })]);

    const plain = await get(`/hsds/services/${serviceIdOf(withoutEmail.id)}`);
    expectValid('service', plain.body);
    expect(plain.body).not.toHaveProperty('email');
    expect(plain.body.contacts).toEqual([]);
    expect(plain.body.service_areas).toEqual([expect.objectContaining({ extent: '230006', name: '愛知県' })]);
  });

  it('answers an unknown or malformed id with 404 NOT_FOUND', async () => {
    for (const path of [
      `/hsds/services/${randomUUID()}`,
      `/hsds/services/${withTargets.id}`,
      `/hsds/organizations/${randomUUID()}`,
      `/hsds/organizations/not-a-uuid`,
      `/hsds/service_at_locations/${randomUUID()}`,
      `/hsds/taxonomies/${randomUUID()}`,
      `/hsds/taxonomy_terms/${randomUUID()}`,
    ]) {
      const { status, body } = await get(path);
      expect({ path, status, code: body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('lists organizations (valid against organization_list) and serves each in full (valid against organization)', async () => {
    const { body } = await get('/hsds/organizations');
    expectPage(body, 'compiled/organization_list');
    expect((body as Page).contents.map((organization) => organization.id).sort()).toEqual(
      [withTargets.id, withoutEmail.id, resourceId].sort(),
    );
    for (const { id } of (body as Page).contents) {
      const one = await get(`/hsds/organizations/${String(id)}`);
      expect(one.status).toBe(200);
      expectValid('organization', one.body);
      expect(one.body.id).toBe(id);
    }
    const agency = (await get(`/hsds/organizations/${withTargets.id}`)).body;
    expect(agency).toMatchObject({
      alternate_name: 'Nakagawa self-reliance support centre',
      organization_identifiers: [expect.objectContaining({ identifier: withTargets.code })],
    });
  });

  it('lists no service_at_locations: the directory keeps no addresses', async () => {
    const { status, body } = await get('/hsds/service_at_locations');
    expect(status).toBe(200);
    expectPage(body, 'compiled/service_at_location_list');
    expect(body).toMatchObject({ total_items: 0, total_pages: 0, empty: true, contents: [] });
  });

  it('lists the taxonomies and their terms, each valid, filterable by taxonomy_id', async () => {
    const taxonomies = (await get('/hsds/taxonomies')).body as Page;
    expectPage(taxonomies, 'taxonomy');
    expect(taxonomies.contents.map((taxonomy) => taxonomy.name)).toEqual(Object.values(TAXONOMY));
    const one = await get(`/hsds/taxonomies/${taxonomyIdOf(TAXONOMY.RESPONSE_TARGET)}`);
    expectValid('taxonomy', one.body);

    const terms = (await get('/hsds/taxonomy_terms?per_page=500')).body as Page;
    expectPage(terms, 'taxonomy_term');
    expect(terms.total_items).toBe(terms.size);
    const targets = (await get(`/hsds/taxonomy_terms?taxonomy_id=${taxonomyIdOf(TAXONOMY.RESPONSE_TARGET)}`))
      .body as Page;
    expectPage(targets, 'taxonomy_term');
    expect(targets.total_items).toBe(12);
    expect(targets.contents.every((term) => term.taxonomy === TAXONOMY.RESPONSE_TARGET)).toBe(true);
    const term = await get(`/hsds/taxonomy_terms/${taxonomyTermIdOf(TAXONOMY.SECTOR, 'DEBT')}`);
    expectValid('taxonomy_term', term.body);
    expect(term.body).toMatchObject({ code: 'DEBT', taxonomy: TAXONOMY.SECTOR });
  });
});

describe('HSDS 3.0 (/hsds) rate limits', () => {
  let own: OwnDatabase;
  let t: TestApp;

  beforeAll(async () => {
    own = await createOwnDatabase('hsds-limits');
    t = await startTestApp({
      DATABASE_URL: own.url,
      REDIS_PREFIX: own.prefix,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_PER_KEY: '2',
      RATE_LIMIT_PER_ADDRESS: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  it('counts requests against the key as the GraphQL API does: 429 RATE_LIMITED with Retry-After', async () => {
    const agency = await createAgency(t);
    const responses: Response[] = [];
    for (let i = 0; i < 15; i++) {
      responses.push(await fetch(`${t.url}/hsds/taxonomies`, { headers: { authorization: `Bearer ${agency.key}` } }));
    }
    expect(responses[0].status).toBe(200);
    const limited = responses.find((response) => response.status === 429);
    expect(limited).toBeDefined();
    const body = (await limited?.json()) as { code: string; retryAfter: number };
    expect(body.code).toBe('RATE_LIMITED');
    expect(limited?.headers.get('retry-after')).toBe(String(body.retryAfter));
  });
});

describe('HSDS 3.0 import (POST /hsds/import)', () => {
  let own: OwnDatabase;
  let t: TestApp;
  let validator: HsdsSchemaValidator;
  let existing: TestAgency;

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    key: string = t.adminKey,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** An agency as an importer would send it: the HSDS organization with its service nested in `services`. */
  async function exported(agencyId: string): Promise<Record<string, unknown>> {
    const organization = (await call('GET', `/hsds/organizations/${agencyId}`)).body as Record<string, unknown>;
    const service = (await call('GET', `/hsds/services/${serviceIdOf(agencyId)}`)).body as Record<string, unknown>;
    delete service.organization;
    return { ...organization, services: [service] };
  }

  function newAgency(id: string, code: string): Record<string, unknown> {
    const serviceId = serviceIdOf(id);
    return {
      id,
      name: '港区ひきこもり地域支援センター',
      alternate_name: 'Minato social withdrawal support centre',
      description: 'ひきこもり地域支援センター',
      email: 'hikikomori@example.jp',
      organization_identifiers: [{ id: randomUUID(), identifier_type: 'Tsunagu agency code', identifier: code }],
      attributes: [{ id: randomUUID(), taxonomy_term_id: taxonomyTermIdOf(TAXONOMY.SECTOR, 'YOUTH') }],
      services: [
        {
          id: serviceId,
          organization_id: id,
          name: '港区ひきこもり地域支援センター',
          status: 'active',
          service_areas: [{ id: randomUUID(), extent: NAKAGAWA, extent_type: 'text' }],
          attributes: [
            {
              id: randomUUID(),
              taxonomy_term: {
                id: randomUUID(),
                name: 'x',
                description: 'x',
                taxonomy: TAXONOMY.NEED_CATEGORY,
                code: 'SOCIAL_WITHDRAWAL',
              },
            },
            {
              id: randomUUID(),
              taxonomy_term_id: taxonomyTermIdOf(TAXONOMY.RESPONSE_TARGET, 'HIGH_ACKNOWLEDGE'),
              value: 'PT3H',
            },
            {
              id: randomUUID(),
              taxonomy_term_id: taxonomyTermIdOf(TAXONOMY.RESPONSE_TARGET, 'HIGH_DECIDE'),
              value: 'P1D',
            },
            // A foreign taxonomy's attribute is ignored.
            {
              id: randomUUID(),
              taxonomy_term: { id: randomUUID(), name: 'Food', description: 'x', taxonomy: 'openeligibility' },
            },
          ],
        },
      ],
    };
  }

  const agencyCount = async () => ((await call('GET', '/hsds/organizations')).body as Page).total_items;

  beforeAll(async () => {
    own = await createOwnDatabase('hsds-import');
    t = await startTestApp({ DATABASE_URL: own.url, REDIS_PREFIX: own.prefix });
    validator = new HsdsSchemaValidator();
    existing = await createAgency(t, {
      name: '中川区自立相談支援センター',
      serviceAreas: [{ level: 'NEIGHBOURHOOD', code: `${NAKAGAWA}-TOMITA`, name: '富田地区' }],
      responseTargets: [{ urgency: 'EMERGENCY', acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  it('is for hub admins only: an agency key is FORBIDDEN', async () => {
    const { status, body } = await call('POST', '/hsds/import', [], existing.key);
    expect(status).toBe(403);
    expect(body.code).toBe('FORBIDDEN');
  });

  it('round-trips an exported agency, and updates it by its UUID: dry run first, then for real', async () => {
    const record = await exported(existing.id);
    record.name = '中川区くらし自立支援センター';
    const service = (record.services as Record<string, any>[])[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const attribute of service.attributes as Attribute[]) {
      if (attribute.taxonomy_term.code === 'EMERGENCY_DECIDE') attribute.value = 'PT2H';
    }

    const dry = await call('POST', '/hsds/import?dryRun=true', [record]);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      dryRun: true,
      created: 0,
      updated: 1,
      records: [
        { index: 0, id: existing.id, code: existing.code, name: '中川区くらし自立支援センター', action: 'update' },
      ],
    });
    expect((await call('GET', `/hsds/organizations/${existing.id}`)).body.name).toBe('中川区自立相談支援センター');

    const real = await call('POST', '/hsds/import?dryRun=false', [record]);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, updated: 1, created: 0 });
    const after = (await call('GET', `/hsds/services/${serviceIdOf(existing.id)}`)).body;
    expectValidFor(validator, 'service', after);
    expect(after.name).toBe('中川区くらし自立支援センター');
    const decide = (after.attributes as Attribute[]).find((a) => a.taxonomy_term.code === 'EMERGENCY_DECIDE');
    expect(decide?.value).toBe('PT2H');
    // The neighbourhood keeps its level and own name through the round trip.
    expect(after.service_areas).toEqual([
      expect.objectContaining({ extent: `${NAKAGAWA}-TOMITA`, name: '愛知県名古屋市中川区 富田地区' }),
    ]);
    const gql = await t.gql<{ agency: { code: string; serviceAreas: { level: string; name: string }[] } }>(
      `query ($id: ID!) { agency(id: $id) { code serviceAreas { level name } } }`,
      { variables: { id: existing.id } },
    );
    expect(gql.body.data?.agency).toEqual({
      code: existing.code,
      serviceAreas: [{ level: 'NEIGHBOURHOOD', name: '富田地区' }],
    });
  });

  it('creates an agency with the given UUID from an HSDS organization and its service', async () => {
    const id = randomUUID();
    const code = `HSDS-${randomUUID().slice(0, 8).toUpperCase()}`;
    const before = await agencyCount();
    const dry = await call('POST', '/hsds/import', [newAgency(id, code)]);
    expect(dry.body).toMatchObject({ dryRun: true, created: 1, records: [{ id, code, action: 'create' }] });
    expect(await agencyCount()).toBe(before);

    const real = await call('POST', '/hsds/import?dryRun=false', [newAgency(id, code)]);
    expect(real.body).toMatchObject({ dryRun: false, created: 1, updated: 0 });
    const service = (await call('GET', `/hsds/services/${serviceIdOf(id)}`)).body;
    expectValidFor(validator, 'service', service);
    expect(service).toMatchObject({ organization_id: id, email: 'hikikomori@example.jp', status: 'active' });
    const codesOf = (taxonomy: string) =>
      (service.attributes as Attribute[])
        .filter((a) => a.taxonomy_term.taxonomy === taxonomy)
        .map((a) => [a.taxonomy_term.code, a.value]);
    expect(codesOf(TAXONOMY.SECTOR)).toEqual([['YOUTH', undefined]]);
    expect(codesOf(TAXONOMY.NEED_CATEGORY)).toEqual([['SOCIAL_WITHDRAWAL', undefined]]);
    expect(codesOf(TAXONOMY.RESPONSE_TARGET)).toEqual(
      expect.arrayContaining([
        ['HIGH_ACKNOWLEDGE', 'PT3H'],
        ['HIGH_DECIDE', 'P1D'],
      ]),
    );
    expect(service.service_areas).toEqual([expect.objectContaining({ extent: NAKAGAWA })]);
  });

  it('rejects bad records with the path of every problem and imports nothing, not even the good records', async () => {
    const before = await agencyCount();
    const good = newAgency(randomUUID(), `HSDS-${randomUUID().slice(0, 8).toUpperCase()}`);
    const bad = newAgency('not-a-uuid', 'bad code');
    delete bad.name;
    const badService = (bad.services as Record<string, any>[])[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    badService.status = 'defunct';
    badService.service_areas = [{ id: randomUUID(), extent: '999999' }];
    badService.attributes.push({
      id: randomUUID(),
      taxonomy_term: { taxonomy: TAXONOMY.NEED_CATEGORY, code: 'NO_SUCH' },
    });
    badService.attributes.push({
      id: randomUUID(),
      taxonomy_term_id: taxonomyTermIdOf(TAXONOMY.RESPONSE_TARGET, 'LOW_ACKNOWLEDGE'),
      value: 'P1M',
    });
    const { status, body } = await call('POST', '/hsds/import?dryRun=false', [good, bad]);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_HSDS', field: '[1].id' });
    expect((body.errors as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining([
        '[1].id',
        '[1].name',
        '[1].organization_identifiers[0].identifier',
        '[1].services[0].status',
        '[1].services[0].service_areas[0].extent',
        '[1].services[0].attributes[4].taxonomy_term',
        '[1].services[0].attributes[5].value',
      ]),
    );
    expect((body.errors as { field: string }[]).some((error) => error.field.startsWith('[0]'))).toBe(false);
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a code another agency holds, in a dry run too, and writes nothing', async () => {
    const before = await agencyCount();
    const first = newAgency(randomUUID(), `HSDS-${randomUUID().slice(0, 8).toUpperCase()}`);
    const taken = newAgency(randomUUID(), existing.code);
    for (const dryRun of ['true', 'false']) {
      const { status, body } = await call('POST', `/hsds/import?dryRun=${dryRun}`, [first, taken]);
      expect({ dryRun, status, field: body.field }).toEqual({
        dryRun,
        status: 400,
        field: '[1].organization_identifiers',
      });
    }
    expect(await agencyCount()).toBe(before);
    expect((await call('GET', `/hsds/organizations/${String(first.id)}`)).status).toBe(404);
  });

  it('refuses a body that is not an array of organizations, and a bad dryRun', async () => {
    const notArray = await call('POST', '/hsds/import', { name: 'x' });
    expect(notArray).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT' } });
    const malformed = await fetch(`${t.url}/hsds/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' },
      body: '[{"id": ',
    });
    expect({ status: malformed.status, body: await malformed.json() }).toEqual({
      status: 400,
      body: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'body' }),
    });
    const badFlag = await call('POST', '/hsds/import?dryRun=maybe', []);
    expect(badFlag).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', field: 'dryRun' } });
  });
});

function expectValidFor(validator: HsdsSchemaValidator, schema: HsdsSchemaName, value: unknown): void {
  expect({ schema, errors: validator.validate(schema, value).errors }).toEqual({ schema, errors: [] });
}
