import { randomUUID } from 'node:crypto';
import {
  CommunityResourceKind,
  CommunityResourcesService,
  DEMO_CODE_PREFIX,
  DirectorySeeder,
  type CommunityResourceEntity,
} from '@tsunagu/directory';
import { DomainError, runTransaction } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { dataOf, registerPerson } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Community resources (社会資源) of the directory that are not agencies: the hub admin keeps informal ones
 * (見守り隊, 居場所 …), councils develop or improve them from regional issues (recordFromIssue), partners find
 * them by place, needs and kind, suggestAgencies offers them beside the agencies, the ecomap draws a relation
 * naming one, and the demo network seeds a few. On a database of the file's own, so counts are exact.
 */

// Real 全国地方公共団体コード: 札幌市 and two of its wards; 与那国町 as "elsewhere".
const SAPPORO = '011002';
const CHUO = '011011';
const KITA = '011029';
const YONAGUNI = '473821';

const FIELDS = /* GraphQL */ `
  id
  code
  name
  kind
  description
  closedReason
  needCategories
  municipalityCodes
  contact
  ratings {
    personCentred
    circularity
    humanity
    residentCollaboration
    versatility
    selectability
    sustainability
  }
  status
  developedFromIssueId
  improvedByIssueIds
  version
`;
const CREATE = `mutation ($input: CommunityResourceInput!) { createCommunityResource(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: CommunityResourceInput!) {
  updateCommunityResource(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const CLOSE = `mutation ($id: ID!, $v: Int!, $reason: String!) {
  closeCommunityResource(id: $id, expectedVersion: $v, reason: $reason) { ${FIELDS} } }`;
const ONE = `query ($id: ID!) { communityResource(id: $id) { ${FIELDS} } }`;
const LIST = /* GraphQL */ `
  query ($filter: CommunityResourceFilter, $first: Int, $after: String) {
    communityResources(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          name
          kind
          status
        }
      }
    }
  }
`;
const SUGGEST = /* GraphQL */ `
  query ($input: SuggestAgenciesInput!) {
    suggestAgencies(input: $input) {
      agency {
        id
      }
      matchedNeeds
      communityResources {
        name
        developedFromIssueId
      }
    }
  }
`;
const ADD_RELATION = /* GraphQL */ `
  mutation ($input: AddPersonRelationInput!) {
    addPersonRelation(input: $input) {
      id
      communityResourceId
      version
    }
  }
`;
const UPDATE_RELATION = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdatePersonRelationInput!) {
    updatePersonRelation(id: $id, input: $input) {
      id
      communityResourceId
    }
  }
`;
const ECOMAP = /* GraphQL */ `
  query ($personId: ID!) {
    ecomap(personId: $personId) {
      nodes {
        key
        kind
        label
        detail
      }
      edges {
        from
        to
        strength
      }
    }
  }
`;

interface Resource {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  description: string | null;
  closedReason: string | null;
  needCategories: string[];
  municipalityCodes: string[];
  contact: string | null;
  ratings: Record<string, number | null>;
  status: string;
  developedFromIssueId: string | null;
  improvedByIssueIds: string[];
  version: number;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { name: string; kind: string; status: string } }[];
}

function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(response.body).toEqual(
    expect.objectContaining({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code, ...extensions }) })],
    }),
  );
}

const resourceInput = (overrides: Record<string, unknown> = {}) => ({
  name: `見守り隊 ${randomUUID().slice(0, 8)}`,
  kind: 'WATCH_NETWORK',
  description: '民生委員と町内会の見守り',
  needCategories: ['DAILY_LIVING'],
  municipalityCodes: [CHUO],
  contact: '011-000-0000',
  ratings: { personCentred: 2, residentCollaboration: 3 },
  ...overrides,
});

describe('community resources', () => {
  let own: OwnDatabase;
  let t: TestApp;
  let db: DataSource;
  let service: CommunityResourcesService;
  let agency: TestAgency;

  beforeAll(async () => {
    own = await createOwnDatabase('community-resources');
    t = await startTestApp({ DATABASE_URL: own.url, REDIS_PREFIX: own.prefix });
    db = t.app.get(DataSource);
    service = t.app.get(CommunityResourcesService);
    agency = await createAgency(t, { serviceAreas: [{ level: 'MUNICIPALITY', code: YONAGUNI }] });
  });
  afterAll(async () => {
    await t?.close();
    await own?.drop();
  });

  const create = async (input: Record<string, unknown>) =>
    dataOf(await t.gql<{ createCommunityResource: Resource }>(CREATE, { variables: { input } }), 'create')
      .createCommunityResource;
  const list = async (filter: Record<string, unknown> | null, first?: number, after?: string | null) =>
    dataOf(await t.gql<{ communityResources: Page }>(LIST, { variables: { filter, first, after } }), 'list')
      .communityResources;
  const rowOf = async (id: string): Promise<{ name: string; status: string; version: number }> => {
    const rows: { name: string; status: string; version: number }[] = await db.query(
      `SELECT name, status, version FROM community_resource WHERE id = $1`,
      [id],
    );
    return rows[0];
  };
  const resourceCount = async () =>
    Number((await db.query(`SELECT count(*)::int AS n FROM community_resource`))[0].n as number);

  /** A council and a regional issue of it, as the councils module would have raised it. */
  async function regionalIssue(needs: string[] = ['DEBT'], places: string[] = [CHUO]): Promise<string> {
    const [council]: { id: string }[] = await db.query(
      `INSERT INTO council (name, kind, municipality_codes) VALUES ($1, 'SELF_RELIANCE_SUPPORT', $2) RETURNING id`,
      [`協議会 ${randomUUID()}`, places],
    );
    const [issue]: { id: string }[] = await db.query(
      `INSERT INTO regional_issue (council_id, title, need_categories, municipality_codes, function,
                                   raised_by_agency_id, raised_at, updated_at)
       VALUES ($1, '多重債務の相談先が地域にない', $2, $3, 'DEVELOPMENT', $4, now(), now()) RETURNING id`,
      [council.id, needs, places, agency.id],
    );
    return issue.id;
  }

  const record = (request: Omit<Parameters<CommunityResourcesService['recordFromIssue']>[1], 'agencyId' | 'now'>) =>
    runTransaction(db, (manager) =>
      service.recordFromIssue(manager, { agencyId: agency.id, now: new Date('2026-12-01T00:00:00.000Z'), ...request }),
    );

  async function domainErrorOf(work: Promise<unknown>): Promise<DomainError> {
    const error: unknown = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  describe('the hub admin keeps them', () => {
    it('creates, updates at expectedVersion and closes a resource; a stale version is CONFLICT and changes nothing', async () => {
      const created = await create(
        resourceInput({ name: '  大通見守り隊  ', ratings: { humanity: 3, sustainability: 1 } }),
      );
      expect(created).toEqual(
        expect.objectContaining({
          code: null,
          name: '大通見守り隊',
          kind: 'WATCH_NETWORK',
          needCategories: ['DAILY_LIVING'],
          municipalityCodes: [CHUO],
          status: 'ACTIVE',
          developedFromIssueId: null,
          improvedByIssueIds: [],
          version: 1,
        }),
      );
      expect(created.ratings).toEqual({
        personCentred: null,
        circularity: null,
        humanity: 3,
        residentCollaboration: null,
        versatility: null,
        selectability: null,
        sustainability: 1,
      });

      const updated = dataOf(
        await t.gql<{ updateCommunityResource: Resource }>(UPDATE, {
          variables: {
            id: created.id,
            v: 1,
            input: resourceInput({ name: '大通・すすきの見守り隊', needCategories: ['DAILY_LIVING', 'CARE'] }),
          },
        }),
        'update',
      ).updateCommunityResource;
      expect(updated).toEqual(
        expect.objectContaining({
          name: '大通・すすきの見守り隊',
          needCategories: ['DAILY_LIVING', 'CARE'],
          version: 2,
        }),
      );

      const stale = await t.gql(UPDATE, {
        variables: { id: created.id, v: 1, input: resourceInput({ name: '古い版' }) },
      });
      expectError(stale, 'CONFLICT', { expectedVersion: 1, currentVersion: 2 });
      expect(await rowOf(created.id)).toEqual(expect.objectContaining({ name: '大通・すすきの見守り隊', version: 2 }));

      const staleClose = await t.gql(CLOSE, { variables: { id: created.id, v: 1, reason: '担い手がいない' } });
      expectError(staleClose, 'CONFLICT');
      expect(await rowOf(created.id)).toEqual(expect.objectContaining({ status: 'ACTIVE', version: 2 }));

      const closed = dataOf(
        await t.gql<{ closeCommunityResource: Resource }>(CLOSE, {
          variables: { id: created.id, v: 2, reason: '担い手がいなくなった' },
        }),
        'close',
      ).closeCommunityResource;
      expect(closed).toEqual(expect.objectContaining({ status: 'CLOSED', version: 3 }));
      expect(closed.closedReason).toBe('担い手がいなくなった');
      const one = dataOf(await t.gql<{ communityResource: Resource }>(ONE, { variables: { id: created.id } }), 'one');
      expect(one.communityResource.status).toBe('CLOSED');

      expectError(await t.gql(CLOSE, { variables: { id: created.id, v: 3, reason: 'again' } }), 'CONFLICT', {
        reason: 'RESOURCE_CLOSED',
      });
      expectError(await t.gql(ONE, { variables: { id: randomUUID() } }), 'NOT_FOUND');
      expectError(await t.gql(UPDATE, { variables: { id: randomUUID(), v: 1, input: resourceInput() } }), 'NOT_FOUND');
    });

    it('refuses unknown needs, places, kinds and ratings out of 1–3 with the field path, storing nothing', async () => {
      const before = await resourceCount();
      expectError(
        await t.gql(CREATE, { variables: { input: resourceInput({ needCategories: ['CARE', 'NOPE'] }) } }),
        'BAD_USER_INPUT',
        {
          field: 'input.needCategories.1',
          reason: 'UNKNOWN_NEED_CATEGORY',
        },
      );
      expectError(
        await t.gql(CREATE, { variables: { input: resourceInput({ municipalityCodes: [CHUO, '230006'] }) } }),
        'BAD_USER_INPUT',
        {
          field: 'input.municipalityCodes.1',
          reason: 'UNKNOWN_MUNICIPALITY',
        },
      );
      expectError(
        await t.gql(CREATE, { variables: { input: resourceInput({ municipalityCodes: [] }) } }),
        'BAD_USER_INPUT',
        {
          field: 'input.municipalityCodes',
        },
      );
      expectError(
        await t.gql(CREATE, { variables: { input: resourceInput({ ratings: { humanity: 4 } }) } }),
        'BAD_USER_INPUT',
        {
          field: 'input.ratings.humanity',
        },
      );
      expectError(await t.gql(CREATE, { variables: { input: resourceInput({ name: '   ' }) } }), 'BAD_USER_INPUT', {
        field: 'input.name',
      });
      expect((await t.gql(CREATE, { variables: { input: resourceInput({ kind: 'SHOP' }) } })).body.errors).toHaveLength(
        1,
      );

      const kept = await create(resourceInput());
      expectError(
        await t.gql(UPDATE, { variables: { id: kept.id, v: 1, input: resourceInput({ needCategories: ['NOPE'] }) } }),
        'BAD_USER_INPUT',
        { field: 'input.needCategories.0' },
      );
      expectError(await t.gql(CLOSE, { variables: { id: kept.id, v: 1, reason: '  ' } }), 'BAD_USER_INPUT', {
        field: 'reason',
      });
      expect(await resourceCount()).toBe(before + 1);
      expect(await rowOf(kept.id)).toEqual(expect.objectContaining({ status: 'ACTIVE', version: 1 }));
    });

    it('is the hub admin’s only: an agency may read resources but not create, update or close them', async () => {
      const kept = await create(resourceInput());
      expectError(await t.gql(CREATE, { variables: { input: resourceInput() }, key: agency.key }), 'FORBIDDEN');
      expectError(
        await t.gql(UPDATE, { variables: { id: kept.id, v: 1, input: resourceInput() }, key: agency.key }),
        'FORBIDDEN',
      );
      expectError(await t.gql(CLOSE, { variables: { id: kept.id, v: 1, reason: 'x' }, key: agency.key }), 'FORBIDDEN');
      expect(await rowOf(kept.id)).toEqual(expect.objectContaining({ status: 'ACTIVE', version: 1 }));
      const read = await t.gql<{ communityResource: Resource }>(ONE, { variables: { id: kept.id }, key: agency.key });
      expect(dataOf(read, 'read').communityResource.id).toBe(kept.id);
    });
  });

  describe('partners find them', () => {
    it('by place (the ward, its city), needs and kinds, ACTIVE unless includeClosed, a page at a time', async () => {
      const tag = randomUUID().slice(0, 6);
      const ward = await create(
        resourceInput({
          name: `A ${tag} 中央区の居場所`,
          kind: 'GATHERING_PLACE',
          needCategories: ['SOCIAL_WITHDRAWAL'],
          municipalityCodes: [YONAGUNI],
        }),
      );
      await create(
        resourceInput({ name: `B ${tag} 与那国の見守り`, needCategories: ['CARE'], municipalityCodes: [YONAGUNI] }),
      );
      await create(
        resourceInput({
          name: `C ${tag} 与那国の食堂`,
          kind: 'FOOD_SUPPORT',
          needCategories: ['CHILD_FAMILY', 'CARE'],
          municipalityCodes: [YONAGUNI],
        }),
      );
      dataOf(await t.gql(CLOSE, { variables: { id: ward.id, v: 1, reason: '閉所' } }), 'close');

      const all = await list({ municipalityCode: YONAGUNI });
      expect(all.edges.map((edge) => edge.node.name)).toEqual([`B ${tag} 与那国の見守り`, `C ${tag} 与那国の食堂`]);
      expect((await list({ municipalityCode: YONAGUNI, includeClosed: true })).totalCount).toBe(3);
      expect((await list({ municipalityCode: YONAGUNI, needCategories: ['CHILD_FAMILY'] })).edges).toEqual([
        { node: expect.objectContaining({ name: `C ${tag} 与那国の食堂`, kind: 'FOOD_SUPPORT' }) },
      ]);
      expect((await list({ municipalityCode: YONAGUNI, needCategories: ['CARE', 'HOUSING'] })).totalCount).toBe(2);
      expect((await list({ municipalityCode: YONAGUNI, kinds: ['WATCH_NETWORK'] })).totalCount).toBe(1);

      const first = await list({ municipalityCode: YONAGUNI, includeClosed: true }, 2);
      expect(first.edges.map((edge) => edge.node.name)).toEqual([`A ${tag} 中央区の居場所`, `B ${tag} 与那国の見守り`]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await list({ municipalityCode: YONAGUNI, includeClosed: true }, 2, first.pageInfo.endCursor);
      expect(second.edges.map((edge) => edge.node.name)).toEqual([`C ${tag} 与那国の食堂`]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });

    it('serve a ward from the city’s resources and the city from its wards’, never another ward from a ward', async () => {
      const tag = randomUUID().slice(0, 6);
      const needs = ['LEGAL'];
      await create(resourceInput({ name: `${tag} 中央区`, needCategories: needs, municipalityCodes: [CHUO] }));
      await create(resourceInput({ name: `${tag} 札幌市`, needCategories: needs, municipalityCodes: [SAPPORO] }));
      await create(resourceInput({ name: `${tag} 北区`, needCategories: needs, municipalityCodes: [KITA] }));
      const names = async (code: string) =>
        (await list({ municipalityCode: code, needCategories: needs }, 50)).edges
          .map((edge) => edge.node.name)
          .filter((name) => name.startsWith(tag));
      expect(await names(CHUO)).toEqual([`${tag} 中央区`, `${tag} 札幌市`]);
      expect(await names(KITA)).toEqual([`${tag} 北区`, `${tag} 札幌市`]);
      expect(await names(SAPPORO)).toEqual([`${tag} 中央区`, `${tag} 北区`, `${tag} 札幌市`]);
    });

    it('refuses an unknown place or need in the filter, and a foreign cursor', async () => {
      expectError(await t.gql(LIST, { variables: { filter: { municipalityCode: '999999' } } }), 'BAD_USER_INPUT', {
        field: 'filter.municipalityCode',
      });
      expectError(await t.gql(LIST, { variables: { filter: { needCategories: ['NOPE'] } } }), 'BAD_USER_INPUT', {
        field: 'filter.needCategories.0',
      });
      expectError(await t.gql(LIST, { variables: { after: 'bm90LWEtY3Vyc29y' } }), 'BAD_USER_INPUT', {
        field: 'after',
      });
    });

    it('beside each suggested agency: the ACTIVE resources of the place meeting a need the agency matched', async () => {
      const debtAgency = await createAgency(t, {
        sector: 'DEBT',
        needCategories: ['DEBT'],
        serviceAreas: [{ level: 'MUNICIPALITY', code: CHUO }],
      });
      const housingAgency = await createAgency(t, {
        sector: 'HOUSING',
        needCategories: ['HOUSING'],
        serviceAreas: [{ level: 'MUNICIPALITY', code: SAPPORO }],
      });
      const tag = randomUUID().slice(0, 6);
      await create(
        resourceInput({
          name: `${tag} 中央区家計相談サロン`,
          kind: 'MONEY_MANAGEMENT',
          needCategories: ['DEBT'],
          municipalityCodes: [CHUO],
        }),
      );
      await create(
        resourceInput({
          name: `${tag} 札幌市の住まい`,
          kind: 'HOUSING_SUPPORT',
          needCategories: ['HOUSING'],
          municipalityCodes: [SAPPORO],
        }),
      );
      await create(
        resourceInput({ name: `${tag} 北区の家計相談`, needCategories: ['DEBT'], municipalityCodes: [KITA] }),
      );
      const closing = await create(
        resourceInput({ name: `${tag} 閉じた相談会`, needCategories: ['DEBT'], municipalityCodes: [CHUO] }),
      );
      dataOf(await t.gql(CLOSE, { variables: { id: closing.id, v: 1, reason: '終了' } }), 'close');

      const response = await t.gql<{
        suggestAgencies: {
          agency: { id: string };
          matchedNeeds: string[];
          communityResources: { name: string; developedFromIssueId: string | null }[];
        }[];
      }>(SUGGEST, {
        variables: { input: { municipalityCode: CHUO, needCategories: ['DEBT', 'HOUSING'] } },
        key: agency.key,
      });
      const suggestions = dataOf(response, 'suggest').suggestAgencies;
      const ours = (agencyId: string) =>
        suggestions
          .find((suggestion) => suggestion.agency.id === agencyId)
          ?.communityResources.map((resource) => resource.name)
          .filter((name) => name.startsWith(tag));
      expect(ours(debtAgency.id)).toEqual([`${tag} 中央区家計相談サロン`]);
      expect(ours(housingAgency.id)).toEqual([`${tag} 札幌市の住まい`]);
    });
  });

  describe('councils close the loop (recordFromIssue)', () => {
    it('develops a resource from a regional issue, once, and suggestAgencies offers it from then on', async () => {
      const issueId = await regionalIssue(['DEBT'], [CHUO]);
      const name = `債務相談の居場所 ${randomUUID().slice(0, 6)}`;
      const developed = await record({
        issueId,
        create: {
          name,
          kind: CommunityResourceKind.MONEY_MANAGEMENT,
          needCategories: ['DEBT'],
          municipalityCodes: [CHUO],
          ratings: { personCentred: 3 },
        },
      });
      expect(developed).toEqual(
        expect.objectContaining<Partial<CommunityResourceEntity>>({
          name,
          developedFromIssueId: issueId,
          improvedByIssueIds: [],
          createdByAgencyId: agency.id,
          version: 1,
          ratings: { personCentred: 3 },
        }),
      );
      expect(developed.createdAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');

      const again = await domainErrorOf(
        record({
          issueId,
          create: {
            name: 'もう一つ',
            kind: CommunityResourceKind.OTHER,
            needCategories: ['DEBT'],
            municipalityCodes: [CHUO],
          },
        }),
      );
      expect(again.extensions).toEqual(
        expect.objectContaining({ code: 'CONFLICT', reason: 'RESOURCE_ALREADY_DEVELOPED' }),
      );

      await createAgency(t, {
        sector: 'DEBT',
        needCategories: ['DEBT'],
        serviceAreas: [{ level: 'MUNICIPALITY', code: CHUO }],
      });
      const suggested = dataOf(
        await t.gql<{
          suggestAgencies: { communityResources: { name: string; developedFromIssueId: string | null }[] }[];
        }>(SUGGEST, { variables: { input: { municipalityCode: CHUO, needCategories: ['DEBT'] } }, key: agency.key }),
        'suggest',
      ).suggestAgencies;
      expect(suggested.flatMap((suggestion) => suggestion.communityResources)).toContainEqual({
        name,
        developedFromIssueId: issueId,
      });
    });

    it('improves an existing resource: the issue appended once, the version bumped, new values applied', async () => {
      const resource = await create(resourceInput({ needCategories: ['DAILY_LIVING'] }));
      const issueId = await regionalIssue(['CARE']);
      const improved = await record({
        issueId,
        improveResourceId: resource.id,
        improvement: { needCategories: ['DAILY_LIVING', 'CARE'], ratings: { sustainability: 3 } },
      });
      expect(improved).toEqual(
        expect.objectContaining({
          needCategories: ['DAILY_LIVING', 'CARE'],
          ratings: { sustainability: 3 },
          improvedByIssueIds: [issueId],
          developedFromIssueId: null,
          version: 2,
        }),
      );
      expect(improved.updatedAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');
      const twice = await record({ issueId, improveResourceId: resource.id });
      expect(twice).toEqual(expect.objectContaining({ improvedByIssueIds: [issueId], version: 3 }));
    });

    it('refuses a bad resource with input.resource paths, an unknown one as NOT_FOUND, and both or neither', async () => {
      const issueId = await regionalIssue();
      const before = await resourceCount();
      const bad = await domainErrorOf(
        record({
          issueId,
          create: {
            name: '相談会',
            kind: CommunityResourceKind.OTHER,
            needCategories: ['NOPE'],
            municipalityCodes: [CHUO],
          },
        }),
      );
      expect(bad.extensions).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.resource.needCategories.0' }),
      );
      const badPlace = await domainErrorOf(
        record({
          issueId,
          create: {
            name: '相談会',
            kind: CommunityResourceKind.OTHER,
            needCategories: ['DEBT'],
            municipalityCodes: ['000000'],
          },
        }),
      );
      expect(badPlace.extensions).toEqual(expect.objectContaining({ field: 'input.resource.municipalityCodes.0' }));
      const unknown = await domainErrorOf(record({ issueId, improveResourceId: randomUUID() }));
      expect(unknown.extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', field: 'input.resourceId' }));
      const neither = await domainErrorOf(record({ issueId }));
      expect(neither.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
      const unknownIssue = await domainErrorOf(
        record({
          issueId: randomUUID(),
          create: {
            name: '相談会',
            kind: CommunityResourceKind.OTHER,
            needCategories: ['DEBT'],
            municipalityCodes: [CHUO],
          },
        }),
      );
      expect(unknownIssue.extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', entity: 'RegionalIssue' }));
      expect(await resourceCount()).toBe(before);
    });
  });

  describe('the ecomap', () => {
    it('draws a relation naming a resource as a COMMUNITY_RESOURCE node with the resource’s name', async () => {
      const resource = await create(resourceInput({ name: '居場所カフェ「ひだまり」', kind: 'GATHERING_PLACE' }));
      const personId = await registerPerson(t, agency);
      const relation = dataOf(
        await t.gql<{ addPersonRelation: { id: string; communityResourceId: string | null } }>(ADD_RELATION, {
          variables: {
            input: {
              personId,
              kind: 'COMMUNITY_ORGANISATION',
              label: '毎週通うカフェ',
              strength: 'STRONG',
              communityResourceId: resource.id,
            },
          },
          key: agency.key,
        }),
        'add',
      ).addPersonRelation;
      expect(relation.communityResourceId).toBe(resource.id);
      const friend = dataOf(
        await t.gql<{ addPersonRelation: { id: string } }>(ADD_RELATION, {
          variables: { input: { personId, kind: 'FRIEND', label: '佐藤さん', strength: 'WEAK' } },
          key: agency.key,
        }),
        'add friend',
      ).addPersonRelation;

      const ecomap = dataOf(
        await t.gql<{
          ecomap: {
            nodes: { key: string; kind: string; label: string; detail: string | null }[];
            edges: { from: string; to: string; strength: string }[];
          };
        }>(ECOMAP, { variables: { personId }, key: agency.key }),
        'ecomap',
      ).ecomap;
      expect(ecomap.nodes).toContainEqual(
        expect.objectContaining({
          key: `relation:${relation.id}`,
          kind: 'COMMUNITY_RESOURCE',
          label: '居場所カフェ「ひだまり」',
          detail: '居場所',
        }),
      );
      expect(ecomap.nodes).toContainEqual(
        expect.objectContaining({ key: `relation:${friend.id}`, kind: 'FRIEND', label: '佐藤さん' }),
      );
      expect(ecomap.edges).toContainEqual(
        expect.objectContaining({ from: 'person', to: `relation:${relation.id}`, strength: 'STRONG' }),
      );

      // A closed resource stays drawn for the relations that already name it, but no new relation may name it.
      dataOf(await t.gql(CLOSE, { variables: { id: resource.id, v: 1, reason: '閉店' } }), 'close');
      const after = dataOf(
        await t.gql<{ ecomap: { nodes: { key: string; kind: string }[] } }>(ECOMAP, {
          variables: { personId },
          key: agency.key,
        }),
        'ecomap after close',
      ).ecomap;
      expect(after.nodes).toContainEqual(
        expect.objectContaining({ key: `relation:${relation.id}`, kind: 'COMMUNITY_RESOURCE' }),
      );
      const input = { personId, kind: 'OTHER', label: 'カフェ', strength: 'WEAK', communityResourceId: resource.id };
      expectError(await t.gql(ADD_RELATION, { variables: { input }, key: agency.key }), 'BAD_USER_INPUT', {
        field: 'input.communityResourceId',
        reason: 'RESOURCE_CLOSED',
      });
      expectError(
        await t.gql(ADD_RELATION, {
          variables: { input: { ...input, communityResourceId: randomUUID() } },
          key: agency.key,
        }),
        'NOT_FOUND',
      );
      expectError(
        await t.gql(UPDATE_RELATION, {
          variables: { id: friend.id, input: { communityResourceId: resource.id } },
          key: agency.key,
        }),
        'BAD_USER_INPUT',
        { reason: 'RESOURCE_CLOSED' },
      );
      const cleared = dataOf(
        await t.gql<{ updatePersonRelation: { communityResourceId: string | null } }>(UPDATE_RELATION, {
          variables: { id: relation.id, input: { communityResourceId: null } },
          key: agency.key,
        }),
        'clear',
      ).updatePersonRelation;
      expect(cleared.communityResourceId).toBeNull();
    });
  });

  describe('the demo network', () => {
    it('seeds its informal resources once: a second run creates nothing', async () => {
      const seeder = t.app.get(DirectorySeeder);
      const first = await seeder.seedDemoNetwork();
      expect(first.resources.created).toBeGreaterThanOrEqual(4);
      const second = await seeder.seedDemoNetwork();
      expect(second.resources).toEqual({ created: 0, existing: first.resources.created + first.resources.existing });
      const rows: { code: string; kind: string; ratings: Record<string, number> }[] = await db.query(
        `SELECT code, kind, ratings FROM community_resource WHERE code LIKE $1 ORDER BY code`,
        [`${DEMO_CODE_PREFIX}%`],
      );
      expect(rows).toHaveLength(first.resources.created + first.resources.existing);
      expect(rows.map((row) => row.kind)).toEqual(
        expect.arrayContaining(['WATCH_NETWORK', 'FOOD_SUPPORT', 'GATHERING_PLACE', 'HOUSING_SUPPORT']),
      );
      expect(rows.every((row) => Object.keys(row.ratings).length > 0)).toBe(true);
      const nakagawa = await list({ municipalityCode: '231100' }, 50);
      expect(nakagawa.totalCount).toBeGreaterThanOrEqual(3);
      expect((await list({ municipalityCode: '231100', needCategories: ['DEBT'] })).totalCount).toBe(0);
    });
  });
});
