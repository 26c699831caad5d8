import { DirectorySeeder } from '@tsunagu/directory';
import {
  communityResourceToHsds,
  serviceDetail,
  type CommunityResourceSource,
  type HsdsAttribute,
  type HsdsOrganization,
  type HsdsService,
} from '@tsunagu/interop';
import { randomUUID } from 'node:crypto';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The HSDS round trip: the demo network exported as HSDS JSON by one instance and imported into another with an
 * empty directory leaves the same agencies and community resources there. Compared: everything GraphQL
 * `agencies` and `communityResources` answer except what HSDS does not carry (docs/hsds.md, "Round trip"):
 * isDemo, isHubCoordinator (operational settings), a resource's ratings and regional-issue links
 * (developedFromIssueId, improvedByIssueIds), createdAt, updatedAt and version (each database's own bookkeeping
 * of its row), and the order of a resource's municipality codes (exported sorted).
 */
const AGENCIES = /* GraphQL */ `
  query ($after: String) {
    agencies(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          name
          nameEn
          kind
          sector
          contactEmail
          needCategories
          acceptingReferrals
          serviceAreas {
            level
            code
            name
            prefectureCode
            municipalityCode
          }
          responseTargets {
            urgency
            acknowledgeWithin
            decideWithin
            businessTime
          }
        }
      }
    }
  }
`;

const RESOURCES = /* GraphQL */ `
  query ($after: String) {
    communityResources(first: 50, after: $after, filter: { includeClosed: true }) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          name
          kind
          description
          needCategories
          municipalityCodes
          contact
          status
          closedReason
        }
      }
    }
  }
`;

interface ResourceNode {
  id: string;
  municipalityCodes: string[];
  [field: string]: unknown;
}

/** Every node of a connection field, following `endCursor` page by page. */
async function allNodes<T>(app: TestApp, query: string, field: string): Promise<T[]> {
  type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const response = await app.gql<Record<string, Page>>(query, { variables: { after } });
    if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
    const page: Page = response.body.data[field];
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

/** Every community resource of the app's directory, closed ones too, by id; municipality codes sorted. */
async function resources(app: TestApp): Promise<ResourceNode[]> {
  const found = await allNodes<ResourceNode>(app, RESOURCES, 'communityResources');
  return found
    .map((resource) => ({ ...resource, municipalityCodes: [...resource.municipalityCodes].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

interface AgencyNode {
  id: string;
  code: string;
  serviceAreas: { level: string; code: string }[];
  responseTargets: { urgency: string }[];
  [field: string]: unknown;
}

/** Every agency of the app's directory, by code; areas and targets in a fixed order. */
async function directory(app: TestApp): Promise<AgencyNode[]> {
  const agencies = await allNodes<AgencyNode>(app, AGENCIES, 'agencies');
  return agencies
    .map((agency) => ({
      ...agency,
      serviceAreas: [...agency.serviceAreas].sort((a, b) =>
        `${a.level}/${a.code}`.localeCompare(`${b.level}/${b.code}`),
      ),
      responseTargets: [...agency.responseTargets].sort((a, b) => a.urgency.localeCompare(b.urgency)),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

async function getJson<T>(app: TestApp, path: string): Promise<T> {
  const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.adminKey}` } });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function isAgency(attributes: HsdsAttribute[] | undefined): boolean {
  return (attributes ?? []).some(
    (attribute) =>
      attribute.taxonomy_term.taxonomy === 'tsunagu-record-kind' && attribute.taxonomy_term.code === 'AGENCY',
  );
}

describe('HSDS round trip: the demo network exported and imported into an empty directory', () => {
  let sourceDb: OwnDatabase;
  let targetDb: OwnDatabase;
  let source: TestApp;
  let target: TestApp;

  beforeAll(async () => {
    sourceDb = await createOwnDatabase('hsds-rt-source');
    targetDb = await createOwnDatabase('hsds-rt-target');
    source = await startTestApp({ DATABASE_URL: sourceDb.url, REDIS_PREFIX: sourceDb.prefix });
    target = await startTestApp({ DATABASE_URL: targetDb.url, REDIS_PREFIX: targetDb.prefix });
    await source.app.get(DirectorySeeder).seedDemoNetwork();
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await sourceDb?.drop();
    await targetDb?.drop();
  });

  it('leaves the same agencies and community resources, closed ones with their reason', async () => {
    // Beyond the seeded resources: one the hub added (no code, a contact that is an e-mail address, a
    // description, ratings) and a closed one.
    const created = await source.gql<{ createCommunityResource: { id: string } }>(
      `mutation ($input: CommunityResourceInput!) { createCommunityResource(input: $input) { id } }`,
      {
        variables: {
          input: {
            name: '富田 子ども食堂',
            kind: 'FOOD_SUPPORT',
            description: '毎月第2土曜 12時から',
            needCategories: ['CHILD_FAMILY', 'DAILY_LIVING'],
            municipalityCodes: ['231118', '231100'],
            contact: 'shokudo@example.jp',
            ratings: { humanity: 3 },
          },
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const seeded = await resources(source);
    expect(seeded.length).toBeGreaterThan(2);
    const toClose = seeded.find((resource) => resource.code !== null) as ResourceNode;
    const version = await source.gql<{ communityResource: { version: number } }>(
      `query ($id: ID!) { communityResource(id: $id) { version } }`,
      { variables: { id: toClose.id } },
    );
    const closed = await source.gql(
      `mutation ($id: ID!, $v: Int!) { closeCommunityResource(id: $id, expectedVersion: $v, reason: "会場の閉鎖") { id } }`,
      { variables: { id: toClose.id, v: version.body.data?.communityResource.version } },
    );
    expect(closed.body.errors).toBeUndefined();

    const before = await directory(source);
    const resourcesBefore = await resources(source);
    expect(before.length).toBeGreaterThan(5);
    expect(resourcesBefore.filter((resource) => resource.status === 'CLOSED')).toHaveLength(1);
    expect(resourcesBefore.some((resource) => resource.code === null)).toBe(true);
    expect(await directory(target)).toEqual([]);
    expect(await resources(target)).toEqual([]);

    const list = await getJson<{ contents: HsdsOrganization[] }>(source, '/hsds/organizations?per_page=500');
    const organizations = await Promise.all(
      list.contents.map((item) => getJson<HsdsOrganization>(source, `/hsds/organizations/${item.id}`)),
    );
    expect(organizations.filter((organization) => isAgency(organization.attributes))).toHaveLength(before.length);
    expect(organizations).toHaveLength(before.length + resourcesBefore.length);
    const body = await Promise.all(
      organizations.map(async (organization) => {
        const services = await getJson<{ contents: HsdsService[] }>(
          source,
          `/hsds/services?organization_id=${organization.id}`,
        );
        expect(services.contents).toHaveLength(1);
        const service = await getJson<HsdsService>(source, `/hsds/services/${services.contents[0].id}`);
        const { organization: _nested, ...withoutOrganization } = service;
        return { ...organization, services: [withoutOrganization] };
      }),
    );

    const post = async (dryRun: boolean) => {
      const response = await fetch(`${target.url}/hsds/import?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, report: (await response.json()) as { created: number; updated: number } };
    };
    const total = before.length + resourcesBefore.length;
    expect(await post(true)).toMatchObject({ status: 200, report: { created: total, updated: 0 } });
    expect(await resources(target)).toEqual([]);
    expect(await post(false)).toMatchObject({ status: 200, report: { created: total, updated: 0 } });

    expect(await directory(target)).toEqual(before);
    expect(await resources(target)).toEqual(resourcesBefore);

    // Imported again, everything is updated in place and stays the same (the closed one keeps its reason).
    expect(await post(false)).toMatchObject({ status: 200, report: { created: 0, updated: total } });
    expect(await resources(target)).toEqual(resourcesBefore);
  });

  it('refuses a bad community resource with its paths, and writes none of the records beside it', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits the nested JSON freely
    const resource = (source: Partial<CommunityResourceSource>): Record<string, any> => {
      const record = communityResourceToHsds({
        id: randomUUID(),
        code: null,
        name: '港区 見守り隊',
        kind: 'WATCH_NETWORK',
        description: null,
        needCategories: ['DAILY_LIVING'],
        municipalityCodes: ['231118'],
        contact: null,
        status: 'ACTIVE',
        closedReason: null,
        updatedAt: new Date(),
        ...source,
      });
      const { organization: _organization, ...service } = serviceDetail(record);
      return { ...record.organization, services: [service] };
    };
    const existing = (await resources(target)).find((node) => node.code !== null) as ResourceNode;
    const before = await resources(target);
    const good = resource({});
    const bad = resource({ code: 'DEMO-NEW' });
    bad.services[0].service_areas[0].extent = '999999';
    // A code another resource holds: refused by the community-resource service inside the transaction.
    const taken = resource({ code: existing.code as string });

    for (const dryRun of [true, false]) {
      const response = await fetch(`${target.url}/hsds/import?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify([good, bad]),
      });
      const body = (await response.json()) as { code: string; reason: string; errors: { field: string }[] };
      expect({ status: response.status, code: body.code, reason: body.reason, errors: body.errors }).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_HSDS',
        errors: [{ field: '[1].services[0].service_areas[0].extent', message: expect.any(String) }],
      });
    }
    const refused = await fetch(`${target.url}/hsds/import?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify([good, taken]),
    });
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 400,
      body: expect.objectContaining({ code: 'BAD_USER_INPUT', field: '[1].organization_identifiers' }),
    });
    // A closed resource given as active (no mutation reopens one), and an agency's id given for a resource.
    const closed = before.find((node) => node.status === 'CLOSED') as ResourceNode;
    const reopened = resource({ id: closed.id, code: closed.code as string });
    const agencyId = (await directory(target))[0].id;
    const clash = resource({ id: agencyId });
    const both = await fetch(`${target.url}/hsds/import?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify([good, reopened, clash]),
    });
    const bothBody = (await both.json()) as { errors: { field: string }[] };
    expect({ status: both.status, fields: bothBody.errors.map((error) => error.field) }).toEqual({
      status: 400,
      fields: ['[1].services[0].status', '[2].id'],
    });
    expect(await resources(target)).toEqual(before);
  });
});
