import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { parseCsv, type HsdsOrganization, type HsdsService } from '@tsunagu/interop';
import { createAgency } from './support/builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface TabularItem {
  name: string;
  path: string;
  properties: Record<string, { type: string; datapackage_type?: string }>;
}

/** tabular.json: per table, its file and its columns (the properties that are neither arrays nor objects). */
const TABULAR = (() => {
  const schema = JSON.parse(readFileSync('standards/hsds/3.0/schema/compiled/tabular.json', 'utf8')) as {
    properties: Record<string, { items: TabularItem }>;
  };
  return new Map(
    Object.values(schema.properties).map(({ items }) => [
      items.path,
      {
        name: items.name,
        columns: Object.entries(items.properties)
          .filter(([, property]) => property.type !== 'array' && property.type !== 'object')
          .map(([name]) => name),
        types: Object.fromEntries(
          Object.entries(items.properties).map(([name, property]) => [
            name,
            property.datapackage_type ?? property.type,
          ]),
        ),
      },
    ]),
  );
})();

const NAKAGAWA = '231100';
const CREATE_RESOURCE = /* GraphQL */ `
  mutation ($input: CommunityResourceInput!) {
    createCommunityResource(input: $input) {
      id
    }
  }
`;

describe('HSDS tabular export (GET /hsds/export.zip)', () => {
  let own: OwnDatabase;
  let t: TestApp;
  const awkwardContact = '富田地区 民生委員 "山田", 平日10時〜';

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function getJson(path: string): Promise<any> {
    const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.adminKey}` } });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** Every page of a list endpoint. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function all(path: string): Promise<any[]> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const body = await getJson(`${path}?per_page=500&page=${page}`);
      items.push(...body.contents);
      if (body.last_page) return items;
    }
  }

  beforeAll(async () => {
    own = await createOwnDatabase('hsds-export');
    t = await startTestApp({ DATABASE_URL: own.url, REDIS_PREFIX: own.prefix });
    await createAgency(t, {
      name: '中川区自立相談支援センター',
      nameEn: 'Nakagawa self-reliance, "support" centre',
      needCategories: ['INCOME', 'HOUSING'],
      serviceAreas: [
        { level: 'MUNICIPALITY', code: NAKAGAWA },
        { level: 'NEIGHBOURHOOD', code: `${NAKAGAWA}-TOMITA`, name: '富田地区' },
      ],
      responseTargets: [{ urgency: 'EMERGENCY', acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false }],
    });
    await createAgency(t, {
      sector: 'DEBT',
      contactEmail: null,
      serviceAreas: [{ level: 'PREFECTURE', code: '230006' }],
    });
    for (const contact of ['052-000-0000', awkwardContact]) {
      const created = await t.gql(CREATE_RESOURCE, {
        variables: {
          input: {
            name: `とみた子ども食堂 ${randomUUID().slice(0, 8)}`,
            kind: 'FOOD_SUPPORT',
            description: '毎月第2土曜日\n12時から',
            needCategories: ['DAILY_LIVING'],
            municipalityCodes: [NAKAGAWA],
            contact,
          },
        },
      });
      if (!created.body.data) throw new Error(JSON.stringify(created.body.errors));
    }
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  async function download(): Promise<Record<string, string>> {
    const response = await fetch(`${t.url}/hsds/export.zip`, { headers: { authorization: `Bearer ${t.adminKey}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/zip/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="hsds\.zip"/);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
  }

  it('refuses a request without a key (401 UNAUTHENTICATED)', async () => {
    const response = await fetch(`${t.url}/hsds/export.zip`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('has one CSV per emitted table, headed by the columns of tabular.json in its order', async () => {
    const files = await download();
    const csvNames = Object.keys(files).filter((name) => name !== 'datapackage.json');
    expect(Object.keys(files)).toContain('datapackage.json');
    expect(csvNames.sort()).toEqual(
      [
        'attributes.csv',
        'contacts.csv',
        'organization_identifiers.csv',
        'organizations.csv',
        'phones.csv',
        'service_areas.csv',
        'services.csv',
        'taxonomies.csv',
        'taxonomy_terms.csv',
      ].sort(),
    );
    for (const name of csvNames) {
      const rows = parseCsv(files[name]);
      expect({ name, header: rows[0] }).toEqual({ name, header: TABULAR.get(name)?.columns });
      for (const row of rows) expect({ name, width: row.length }).toEqual({ name, width: rows[0].length });
    }
  });

  it('describes exactly those files in datapackage.json, with the fields of their headers', async () => {
    const files = await download();
    const pkg = JSON.parse(files['datapackage.json']) as {
      profile: string;
      resources: {
        name: string;
        path: string;
        format: string;
        mediatype: string;
        profile: string;
        schema: { fields: { name: string; type: string }[]; primaryKey: string };
      }[];
    };
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.resources.map((resource) => resource.path).sort()).toEqual(
      Object.keys(files)
        .filter((name) => name !== 'datapackage.json')
        .sort(),
    );
    for (const resource of pkg.resources) {
      expect(resource).toMatchObject({
        name: TABULAR.get(resource.path)?.name,
        format: 'csv',
        mediatype: 'text/csv',
        profile: 'tabular-data-resource',
        schema: { primaryKey: 'id' },
      });
      expect(resource.schema.fields.map((field) => field.name)).toEqual(parseCsv(files[resource.path])[0]);
      for (const field of resource.schema.fields) {
        expect({ field: field.name, type: field.type }).toEqual({
          field: field.name,
          type: TABULAR.get(resource.path)?.types[field.name],
        });
      }
    }
  });

  it('has as many rows as the JSON endpoints have records, and the same values, quoted where needed', async () => {
    const files = await download();
    const table = (name: string) => {
      const [header, ...rows] = parseCsv(files[name]);
      return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
    };
    const organizations = await Promise.all(
      (await all('/hsds/organizations')).map((item: { id: string }): Promise<HsdsOrganization> =>
        getJson(`/hsds/organizations/${item.id}`),
      ),
    );
    const services = await Promise.all(
      (await all('/hsds/services')).map((item: { id: string }): Promise<HsdsService> =>
        getJson(`/hsds/services/${item.id}`),
      ),
    );
    const areas = services.flatMap((service) => service.service_areas ?? []);
    const attributes = [
      ...organizations.flatMap((organization) => organization.attributes ?? []),
      ...services.flatMap((service) => service.attributes ?? []),
      ...areas.flatMap((area) => area.attributes),
    ];
    expect(organizations.length).toBeGreaterThanOrEqual(4);
    const counts = {
      'organizations.csv': organizations.length,
      'organization_identifiers.csv': organizations.flatMap((o) => o.organization_identifiers ?? []).length,
      'services.csv': services.length,
      'service_areas.csv': areas.length,
      'contacts.csv': services.flatMap((s) => s.contacts ?? []).length,
      'phones.csv': services.flatMap((s) => s.phones ?? []).length,
      'attributes.csv': attributes.length,
      'taxonomies.csv': (await all('/hsds/taxonomies')).length,
      'taxonomy_terms.csv': (await all('/hsds/taxonomy_terms')).length,
    };
    expect(Object.fromEntries(Object.keys(counts).map((name) => [name, table(name).length]))).toEqual(counts);

    const byId = (rows: Record<string, string>[]) => new Map(rows.map((row) => [row.id, row]));
    const organizationRows = byId(table('organizations.csv'));
    for (const organization of organizations) {
      expect(organizationRows.get(organization.id)).toMatchObject({
        name: organization.name,
        alternate_name: organization.alternate_name ?? '',
        description: organization.description,
        email: organization.email ?? '',
      });
    }
    const serviceRows = byId(table('services.csv'));
    for (const service of services) {
      expect(serviceRows.get(service.id)).toMatchObject({
        organization_id: service.organization_id,
        name: service.name,
        description: service.description,
        status: service.status,
        last_modified: service.last_modified,
      });
    }
    const areaRows = byId(table('service_areas.csv'));
    for (const area of areas) {
      expect(areaRows.get(area.id)).toMatchObject({
        service_id: area.service_id,
        extent: area.extent,
        name: area.name,
      });
    }
    const attributeRows = byId(table('attributes.csv'));
    for (const attribute of attributes) {
      expect(attributeRows.get(attribute.id)).toMatchObject({
        link_id: attribute.link_id,
        link_entity: attribute.link_entity,
        taxonomy_term_id: attribute.taxonomy_term_id,
        value: attribute.value ?? '',
      });
    }
    expect(table('contacts.csv').map((row) => row.name)).toContain(awkwardContact);
    expect(files['contacts.csv']).toContain('"富田地区 民生委員 ""山田"", 平日10時〜"');
    expect(table('phones.csv').map((row) => row.number)).toContain('052-000-0000');
  });
});
