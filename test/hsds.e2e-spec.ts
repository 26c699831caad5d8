import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serviceIdOf, TAXONOMY, taxonomyIdOf, taxonomyTermIdOf } from '@tsunagu/interop';
import { HsdsSchemaValidator, type HsdsSchemaName } from '../libs/interop/src/hsds/hsds-schema.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
}

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
