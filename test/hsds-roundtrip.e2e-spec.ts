import { DirectorySeeder } from '@tsunagu/directory';
import type { HsdsAttribute, HsdsOrganization, HsdsService } from '@tsunagu/interop';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The HSDS round trip: the demo network exported as HSDS JSON by one instance and imported into another with an
 * empty directory leaves the same agencies there. Compared: everything GraphQL `agencies` answers except what
 * HSDS does not carry (docs/hsds.md, "Round trip"): isDemo, isHubCoordinator (operational settings), createdAt,
 * updatedAt and version (each database's own bookkeeping of its row).
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

interface AgencyNode {
  id: string;
  code: string;
  serviceAreas: { level: string; code: string }[];
  responseTargets: { urgency: string }[];
  [field: string]: unknown;
}

interface AgenciesAnswer {
  agencies: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: AgencyNode }[];
  };
}

/** Every agency of the app's directory, by code; areas and targets in a fixed order. */
async function directory(app: TestApp): Promise<AgencyNode[]> {
  const agencies: AgencyNode[] = [];
  let after: string | null = null;
  for (;;) {
    const response = await app.gql<AgenciesAnswer>(AGENCIES, { variables: { after } });
    if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
    const page: AgenciesAnswer['agencies'] = response.body.data.agencies;
    agencies.push(...page.edges.map((edge): AgencyNode => edge.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
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

  it('leaves the same agencies, with their fields, areas, needs and response targets', async () => {
    const before = await directory(source);
    expect(before.length).toBeGreaterThan(5);
    expect(await directory(target)).toEqual([]);

    const list = await getJson<{ contents: HsdsOrganization[] }>(source, '/hsds/organizations?per_page=500');
    const organizations = await Promise.all(
      list.contents.map((item) => getJson<HsdsOrganization>(source, `/hsds/organizations/${item.id}`)),
    );
    const agencies = organizations.filter((organization) => isAgency(organization.attributes));
    expect(agencies).toHaveLength(before.length);
    const body = await Promise.all(
      agencies.map(async (organization) => {
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

    const response = await fetch(`${target.url}/hsds/import?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const report = (await response.json()) as { created: number; updated: number };
    expect({ status: response.status, report }).toMatchObject({
      status: 200,
      report: { created: before.length, updated: 0 },
    });

    expect(await directory(target)).toEqual(before);
  });
});
