import { randomUUID } from 'node:crypto';
import { DEFAULT_RESPONSE_TARGETS, DirectorySeeder } from '@tsunagu/directory';
import { DataSource } from 'typeorm';
import { agencyInput, createAgency, createAgencyRecord, type TestAgency } from './support/builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * The agency directory through the API. Test files share one database, so every test creates its own
 * agencies; list assertions check membership of those, and counts only over filters that select them
 * alone (rarely used municipalities combined with a sector and a need category).
 */

// As listed in API.md, in the contract's order.
const SECTOR_CODES = (
  'POVERTY PUBLIC_ASSISTANCE CHILD_FAMILY EMPLOYMENT DISABILITY ELDER_CARE PENSION EDUCATION ' +
  'CORRECTIONS HEALTH_INSURANCE SUICIDE_PREVENTION YOUTH AGRICULTURE DEBT HOUSING COMMUNITY_WELFARE'
).split(' ');
const NEED_CATEGORY_CODES = (
  'INCOME DEBT HOUSING EMPLOYMENT DISABILITY_SUPPORT CARE CHILD_FAMILY EDUCATION HEALTH MENTAL_HEALTH ' +
  'SUICIDE_RISK SOCIAL_WITHDRAWAL LEGAL REENTRY INSURANCE_PENSION DAILY_LIVING'
).split(' ');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Real 全国地方公共団体コード.
const NAGOYA = '231002';
const NAKAGAWA_KU = '231100'; // a ward of Nagoya
const MINATO_KU = '231118'; // another ward of Nagoya
const AICHI = '230006';
const KOCHI = '390003';
const UMAJI = '393061'; // 高知県馬路村
const OKAWA = '393649'; // 高知県大川村
const KITAGAWA = '393053'; // 高知県北川村
const MIHARA = '394271'; // 高知県三原村
const CHIBU = '325279'; // 島根県知夫村, only the pagination test's agencies serve it
const OGATA = '053686'; // 秋田県大潟村, only the page-cap test's agencies serve it

const AGENCY_FIELDS = /* GraphQL */ `
  id code name nameEn sector kind contactEmail acceptingReferrals isHubCoordinator needCategories version
  serviceAreas { level code name prefectureCode municipalityCode }
  responseTargets { urgency acknowledgeWithin decideWithin businessTime }
`;
const CREATE_AGENCY = `mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { ${AGENCY_FIELDS} } }`;
const UPDATE_AGENCY = `mutation ($id: ID!, $input: UpdateAgencyInput!) { updateAgency(id: $id, input: $input) { ${AGENCY_FIELDS} } }`;
const AGENCY = `query ($id: ID, $code: String) { agency(id: $id, code: $code) { ${AGENCY_FIELDS} } }`;
const AGENCIES = /* GraphQL */ `
  query ($filter: AgencyFilter, $first: Int, $after: String) {
    agencies(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          code
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface AgencyView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  sector: string;
  kind: string;
  contactEmail: string | null;
  acceptingReferrals: boolean;
  isHubCoordinator: boolean;
  needCategories: string[];
  version: number;
  serviceAreas: {
    level: string;
    code: string;
    name: string | null;
    prefectureCode: string;
    municipalityCode: string | null;
  }[];
  responseTargets: { urgency: string; acknowledgeWithin: string; decideWithin: string; businessTime: boolean }[];
}

interface AgencyPage {
  totalCount: number;
  edges: { cursor: string; node: { id: string; code: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type Filter = Record<string, unknown>;

describe('agency directory', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DirectorySeeder).seedReferenceData();
  });
  afterAll(() => t.close());

  function errorOf(response: GraphQLResponse<unknown>) {
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors![0];
  }

  function expectError(
    response: GraphQLResponse<unknown>,
    code: string,
    extensions: Record<string, unknown> = {},
  ): void {
    expect(errorOf(response).extensions).toEqual(expect.objectContaining({ code, ...extensions }));
  }

  async function createAgencyAs(input: Record<string, unknown>, key?: string | null) {
    return t.gql<{ createAgency: AgencyView }>(CREATE_AGENCY, { variables: { input }, key });
  }

  async function updateAgency(id: string, input: Record<string, unknown>, key?: string | null) {
    return t.gql<{ updateAgency: AgencyView }>(UPDATE_AGENCY, { variables: { id, input }, key });
  }

  async function agencyByCode(code: string): Promise<AgencyView> {
    const response = await t.gql<{ agency: AgencyView }>(AGENCY, { variables: { code } });
    if (!response.body.data?.agency)
      throw new Error(`agency(code: ${code}) failed: ${JSON.stringify(response.body.errors)}`);
    return response.body.data.agency;
  }

  async function agencyRowCount(code: string): Promise<number> {
    const [row] = await t.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM agency WHERE code = $1', [code]);
    return row.n;
  }

  async function listPage(filter: Filter | null, first?: number, after?: string): Promise<AgencyPage> {
    const response = await t.gql<{ agencies: AgencyPage }>(AGENCIES, { variables: { filter, first, after } });
    if (!response.body.data?.agencies) throw new Error(`agencies failed: ${JSON.stringify(response.body.errors)}`);
    return response.body.data.agencies;
  }

  /** Every agency code the filter selects, walking all pages (other test files add agencies too). */
  async function allCodes(filter: Filter): Promise<string[]> {
    const codes: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listPage(filter, 100, after);
      codes.push(...page.edges.map((edge) => edge.node.code));
      if (!page.pageInfo.hasNextPage) return codes;
      after = page.pageInfo.endCursor ?? undefined;
    }
  }

  function municipalityArea(code: string) {
    return [{ level: 'MUNICIPALITY', code }];
  }

  describe('catalogue', () => {
    it('lists all 16 sectors of the contract, in order, with Japanese and English labels', async () => {
      const response = await t.gql<{ sectors: { code: string; labelJa: string; labelEn: string }[] }>(
        '{ sectors { code labelJa labelEn } }',
      );
      const sectors = response.body.data!.sectors;
      expect(sectors.map((sector) => sector.code)).toEqual(SECTOR_CODES);
      for (const sector of sectors) {
        expect(sector.labelJa).toMatch(JAPANESE);
        expect(sector.labelEn).toMatch(/^[\x20-\x7e]+$/);
      }
    });

    it('lists the need-category catalogue with Japanese and English labels', async () => {
      const response = await t.gql<{ needCategories: { code: string; labelJa: string; labelEn: string }[] }>(
        '{ needCategories { code labelJa labelEn } }',
      );
      const categories = response.body.data!.needCategories;
      expect(categories.map((category) => category.code).sort()).toEqual([...NEED_CATEGORY_CODES].sort());
      for (const category of categories) {
        expect(category.labelJa).toMatch(JAPANESE);
        expect(category.labelEn).toMatch(/^[\x20-\x7e]+$/);
      }
    });

    describe('collaborationPathways', () => {
      type Pathway = { fromSector: string; toSector: string; purposeJa: string; purposeEn: string };
      async function pathways(variables: Record<string, unknown>): Promise<Pathway[]> {
        const response = await t.gql<{ collaborationPathways: Pathway[] }>(
          `query ($from: Sector, $to: Sector) {
             collaborationPathways(fromSector: $from, toSector: $to) { fromSector toSector purposeJa purposeEn }
           }`,
          { variables },
        );
        if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
        return response.body.data.collaborationPathways;
      }

      it('lists the chart pathways from POVERTY to every other sector, each with its purpose', async () => {
        const fromPoverty = await pathways({ from: 'POVERTY' });
        expect(fromPoverty.every((pathway) => pathway.fromSector === 'POVERTY')).toBe(true);
        expect(fromPoverty.map((pathway) => pathway.toSector).sort()).toEqual(
          SECTOR_CODES.filter((code) => code !== 'POVERTY').sort(),
        );
        for (const pathway of fromPoverty) {
          expect(pathway.purposeJa).toMatch(JAPANESE);
          expect(pathway.purposeEn.length).toBeGreaterThan(0);
        }
      });

      it('filters pathways by toSector', async () => {
        const toPoverty = await pathways({ to: 'POVERTY' });
        expect(toPoverty.length).toBeGreaterThan(0);
        expect(toPoverty.every((pathway) => pathway.toSector === 'POVERTY')).toBe(true);
        expect(toPoverty.map((pathway) => pathway.fromSector)).not.toContain('AGRICULTURE');
      });

      it('filters pathways by both fromSector and toSector', async () => {
        const both = await pathways({ from: 'POVERTY', to: 'HOUSING' });
        expect(both).toEqual([expect.objectContaining({ fromSector: 'POVERTY', toSector: 'HOUSING' })]);
        expect(await pathways({ from: 'AGRICULTURE', to: 'POVERTY' })).toEqual([]);
      });

      it('lists every pathway without filters: the fromSector filters partition the full list', async () => {
        const all = await pathways({});
        const bySector = await Promise.all(SECTOR_CODES.map((from) => pathways({ from })));
        expect(all.length).toBeGreaterThan(0);
        expect(bySector.flat()).toHaveLength(all.length);
        expect(all).toEqual(expect.arrayContaining(bySector.flat()));
      });
    });
  });

  describe('createAgency and agency', () => {
    it('creates an agency with its service areas and fills default response targets for missing urgencies', async () => {
      const input = agencyInput({
        serviceAreas: [
          { level: 'MUNICIPALITY', code: NAKAGAWA_KU },
          { level: 'NEIGHBOURHOOD', code: `${NAKAGAWA_KU}-TOMITA`, name: '富田' },
          { level: 'PREFECTURE', code: AICHI },
        ],
        responseTargets: [{ urgency: 'HIGH', acknowledgeWithin: 'PT2H', decideWithin: 'PT8H', businessTime: false }],
      });
      const response = await createAgencyAs(input);
      expect(response.body.errors).toBeUndefined();
      const agency = response.body.data!.createAgency;

      expect(agency).toEqual(
        expect.objectContaining({
          code: input.code,
          name: input.name,
          nameEn: input.nameEn,
          sector: 'POVERTY',
          kind: input.kind,
          contactEmail: input.contactEmail,
          needCategories: ['INCOME', 'HOUSING'],
          acceptingReferrals: true,
          isHubCoordinator: false,
          version: 1,
        }),
      );
      expect(agency.serviceAreas).toHaveLength(3);
      expect(agency.serviceAreas).toEqual(
        expect.arrayContaining([
          {
            level: 'MUNICIPALITY',
            code: NAKAGAWA_KU,
            name: null,
            prefectureCode: AICHI,
            municipalityCode: NAKAGAWA_KU,
          },
          {
            level: 'NEIGHBOURHOOD',
            code: `${NAKAGAWA_KU}-TOMITA`,
            name: '富田',
            prefectureCode: AICHI,
            municipalityCode: NAKAGAWA_KU,
          },
          { level: 'PREFECTURE', code: AICHI, name: null, prefectureCode: AICHI, municipalityCode: null },
        ]),
      );
      expect(agency.responseTargets).toEqual([
        { urgency: 'EMERGENCY', ...DEFAULT_RESPONSE_TARGETS.EMERGENCY },
        { urgency: 'HIGH', acknowledgeWithin: 'PT2H', decideWithin: 'PT8H', businessTime: false },
        { urgency: 'NORMAL', ...DEFAULT_RESPONSE_TARGETS.NORMAL },
        { urgency: 'LOW', ...DEFAULT_RESPONSE_TARGETS.LOW },
      ]);
    });

    it('finds an agency by id and by code', async () => {
      const created = await createAgencyRecord(t);
      const byId = await t.gql<{ agency: AgencyView }>(AGENCY, { variables: { id: created.id } });
      const byCode = await t.gql<{ agency: AgencyView }>(AGENCY, { variables: { code: created.code } });
      expect(byId.body.data!.agency).toEqual(expect.objectContaining({ id: created.id, code: created.code }));
      expect(byCode.body.data!.agency).toEqual(byId.body.data!.agency);
    });

    it('refuses agency() with neither or both of id and code as BAD_USER_INPUT', async () => {
      const created = await createAgencyRecord(t);
      expectError(await t.gql(AGENCY, { variables: {} }), 'BAD_USER_INPUT');
      expectError(await t.gql(AGENCY, { variables: { id: created.id, code: created.code } }), 'BAD_USER_INPUT');
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      expectError(await t.gql(AGENCY, { variables: { id: randomUUID() } }), 'NOT_FOUND');
    });

    it('answers NOT_FOUND for an unknown code', async () => {
      expectError(await t.gql(AGENCY, { variables: { code: 'NO-SUCH-AGENCY-CODE' } }), 'NOT_FOUND');
    });

    it('refuses a malformed id as BAD_USER_INPUT naming the id field', async () => {
      expectError(await t.gql(AGENCY, { variables: { id: 'not-a-uuid' } }), 'BAD_USER_INPUT', { field: 'id' });
    });

    it('refuses createAgency with an agency key as FORBIDDEN and creates nothing', async () => {
      const agency = await createAgency(t);
      const input = agencyInput();
      expectError(await createAgencyAs(input, agency.key), 'FORBIDDEN');
      expect(await agencyRowCount(input.code as string)).toBe(0);
    });
  });

  describe('bad input to createAgency', () => {
    const longName = 'あ'.repeat(201);
    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown sector', { sector: 'ASTROLOGY' }, 'input.sector'],
      ['an unknown need category', { needCategories: ['INCOME', 'WEALTH'] }, 'input.needCategories.1'],
      [
        'an unknown municipality code (bad check digit)',
        { serviceAreas: municipalityArea('231101') },
        'input.serviceAreas.0.code',
      ],
      [
        'a prefecture code given as a municipality',
        { serviceAreas: municipalityArea(AICHI) },
        'input.serviceAreas.0.code',
      ],
      [
        'a malformed neighbourhood code',
        { serviceAreas: [{ level: 'NEIGHBOURHOOD', code: 'TOMITA' }] },
        'input.serviceAreas.0.code',
      ],
      [
        'a neighbourhood of an unknown municipality',
        { serviceAreas: [{ level: 'NEIGHBOURHOOD', code: '231101-TOMITA' }] },
        'input.serviceAreas.0.code',
      ],
      ['an overlong name (201 characters)', { name: longName }, 'input.name'],
      ['an overlong English name', { nameEn: 'x'.repeat(201) }, 'input.nameEn'],
      ['a bad e-mail address', { contactEmail: 'not an email' }, 'input.contactEmail'],
      [
        "a duration that is not ISO 8601 ('4 hours')",
        { responseTargets: [{ urgency: 'HIGH', acknowledgeWithin: '4 hours', decideWithin: 'P1D' }] },
        'input.responseTargets.0.acknowledgeWithin',
      ],
      [
        "a duration in months ('P1M')",
        { responseTargets: [{ urgency: 'HIGH', acknowledgeWithin: 'PT4H', decideWithin: 'P1M' }] },
        'input.responseTargets.0.decideWithin',
      ],
      [
        'the same service area twice',
        { serviceAreas: [...municipalityArea(NAKAGAWA_KU), ...municipalityArea(NAKAGAWA_KU)] },
        'input.serviceAreas.1',
      ],
      [
        'two targets for the same urgency',
        {
          responseTargets: [
            { urgency: 'HIGH', acknowledgeWithin: 'PT4H', decideWithin: 'P1D' },
            { urgency: 'HIGH', acknowledgeWithin: 'PT2H', decideWithin: 'P1D' },
          ],
        },
        'input.responseTargets.1.urgency',
      ],
      ['an agency code in lower case', { code: `t-lower-${Date.now()}` }, 'input.code'],
      ['an agency code with spaces', { code: 'T CODE WITH SPACES' }, 'input.code'],
    ])('refuses %s as BAD_USER_INPUT naming the field and stores nothing', async (_case, overrides, field) => {
      const input = agencyInput(overrides);
      const response = await createAgencyAs(input);
      expectError(response, 'BAD_USER_INPUT', { field });
      expect(await agencyRowCount(input.code as string)).toBe(0);
    });

    it('refuses a second agency with the same code as CONFLICT and keeps the first unchanged', async () => {
      const first = await createAgencyRecord(t, { name: '最初の機関' });
      const response = await createAgencyAs(agencyInput({ code: first.code, name: '二番目の機関' }));
      expectError(response, 'CONFLICT', { field: 'input.code' });
      expect(await agencyRowCount(first.code)).toBe(1);
      expect((await agencyByCode(first.code)).name).toBe('最初の機関');
    });
  });

  describe('agencies filters', () => {
    it('filters by sector', async () => {
      const debt = await createAgencyRecord(t, { sector: 'DEBT', serviceAreas: municipalityArea(MIHARA) });
      const housing = await createAgencyRecord(t, { sector: 'HOUSING', serviceAreas: municipalityArea(MIHARA) });
      const codes = await allCodes({ sector: 'DEBT', municipalityCode: MIHARA });
      expect(codes).toContain(debt.code);
      expect(codes).not.toContain(housing.code);
    });

    it('filters by need category', async () => {
      const legal = await createAgencyRecord(t, {
        needCategories: ['LEGAL', 'DEBT'],
        serviceAreas: municipalityArea(MIHARA),
      });
      const income = await createAgencyRecord(t, {
        needCategories: ['INCOME'],
        serviceAreas: municipalityArea(MIHARA),
      });
      const codes = await allCodes({ needCategory: 'LEGAL', municipalityCode: MIHARA });
      expect(codes).toContain(legal.code);
      expect(codes).not.toContain(income.code);
    });

    it('finds an agency serving a ward by the ward and by its designated city, but not by another ward', async () => {
      const ward = await createAgencyRecord(t, { serviceAreas: municipalityArea(NAKAGAWA_KU) });
      expect(await allCodes({ municipalityCode: NAKAGAWA_KU })).toContain(ward.code);
      expect(await allCodes({ municipalityCode: NAGOYA })).toContain(ward.code);
      expect(await allCodes({ municipalityCode: MINATO_KU })).not.toContain(ward.code);
    });

    it('finds an agency serving a neighbourhood of a ward by the ward and by the city', async () => {
      const local = await createAgencyRecord(t, {
        serviceAreas: [{ level: 'NEIGHBOURHOOD', code: `${NAKAGAWA_KU}-ARAKO` }],
      });
      expect(await allCodes({ municipalityCode: NAKAGAWA_KU })).toContain(local.code);
      expect(await allCodes({ municipalityCode: NAGOYA })).toContain(local.code);
      expect(await allCodes({ municipalityCode: MINATO_KU })).not.toContain(local.code);
    });

    it('finds an agency serving a designated city by any of its wards', async () => {
      const city = await createAgencyRecord(t, { serviceAreas: municipalityArea(NAGOYA) });
      expect(await allCodes({ municipalityCode: MINATO_KU })).toContain(city.code);
      expect(await allCodes({ municipalityCode: NAKAGAWA_KU })).toContain(city.code);
    });

    it('finds a prefecture-wide agency by any municipality of that prefecture only', async () => {
      const prefectureWide = await createAgencyRecord(t, { serviceAreas: [{ level: 'PREFECTURE', code: KOCHI }] });
      expect(await allCodes({ municipalityCode: UMAJI })).toContain(prefectureWide.code);
      expect(await allCodes({ municipalityCode: OKAWA })).toContain(prefectureWide.code);
      expect(await allCodes({ municipalityCode: NAKAGAWA_KU })).not.toContain(prefectureWide.code);
    });

    it('does not find an agency of another municipality', async () => {
      const umaji = await createAgencyRecord(t, { serviceAreas: municipalityArea(UMAJI) });
      expect(await allCodes({ municipalityCode: UMAJI })).toContain(umaji.code);
      expect(await allCodes({ municipalityCode: KITAGAWA })).not.toContain(umaji.code);
    });

    it('filters by accepting true and false', async () => {
      const open = await createAgencyRecord(t, { acceptingReferrals: true, serviceAreas: municipalityArea(KITAGAWA) });
      const paused = await createAgencyRecord(t, {
        acceptingReferrals: false,
        serviceAreas: municipalityArea(KITAGAWA),
      });
      const accepting = await allCodes({ accepting: true, municipalityCode: KITAGAWA });
      const pausing = await allCodes({ accepting: false, municipalityCode: KITAGAWA });
      expect(accepting).toContain(open.code);
      expect(accepting).not.toContain(paused.code);
      expect(pausing).toContain(paused.code);
      expect(pausing).not.toContain(open.code);
    });

    it('combines all filters: only an agency matching every one is listed', async () => {
      const base = {
        sector: 'EDUCATION',
        needCategories: ['EDUCATION'],
        serviceAreas: municipalityArea(OKAWA),
        acceptingReferrals: true,
      };
      const match = await createAgencyRecord(t, base);
      const misses = await Promise.all([
        createAgencyRecord(t, { ...base, sector: 'YOUTH' }),
        createAgencyRecord(t, { ...base, needCategories: ['HEALTH'] }),
        createAgencyRecord(t, { ...base, serviceAreas: municipalityArea(UMAJI) }),
        createAgencyRecord(t, { ...base, acceptingReferrals: false }),
      ]);
      const codes = await allCodes({
        sector: 'EDUCATION',
        needCategory: 'EDUCATION',
        municipalityCode: OKAWA,
        accepting: true,
      });
      expect(codes).toContain(match.code);
      for (const miss of misses) expect(codes).not.toContain(miss.code);
    });

    it.each<[string, Filter, string]>([
      ['an unknown need category', { needCategory: 'WEALTH' }, 'filter.needCategory'],
      ['an unknown municipality code', { municipalityCode: '231101' }, 'filter.municipalityCode'],
      ['a municipality code that is not 6 digits', { municipalityCode: '2311' }, 'filter.municipalityCode'],
      ['an unknown sector', { sector: 'ASTROLOGY' }, 'filter.sector'],
    ])('refuses a filter with %s as BAD_USER_INPUT naming the field', async (_case, filter, field) => {
      expectError(await t.gql(AGENCIES, { variables: { filter } }), 'BAD_USER_INPUT', { field });
    });
  });

  describe('agencies pagination', () => {
    it('pages with first/after without duplicates or gaps, with correct pageInfo and totalCount', async () => {
      const filter = { sector: 'YOUTH', needCategory: 'SOCIAL_WITHDRAWAL', municipalityCode: CHIBU };
      const mine = await Promise.all(
        Array.from({ length: 5 }, () =>
          createAgencyRecord(t, {
            sector: 'YOUTH',
            needCategories: ['SOCIAL_WITHDRAWAL'],
            serviceAreas: municipalityArea(CHIBU),
          }),
        ),
      );

      const pages: AgencyPage[] = [];
      let after: string | undefined;
      do {
        const page = await listPage(filter, 2, after);
        pages.push(page);
        after = page.pageInfo.endCursor ?? undefined;
      } while (pages.at(-1)!.pageInfo.hasNextPage && pages.length < 10);

      expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 1]);
      expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
      for (const page of pages) {
        expect(page.totalCount).toBe(5);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      }
      const listed = pages.flatMap((page) => page.edges.map((edge) => edge.node.code));
      expect(listed).toEqual(mine.map((agency) => agency.code).sort());
    });

    it('caps first at 100', async () => {
      const filter = { sector: 'AGRICULTURE', needCategory: 'EMPLOYMENT', municipalityCode: OGATA };
      const overrides = {
        sector: 'AGRICULTURE',
        needCategories: ['EMPLOYMENT'],
        serviceAreas: municipalityArea(OGATA),
      };
      for (let batch = 0; batch < 101; batch += 10) {
        const size = Math.min(10, 101 - batch);
        await Promise.all(Array.from({ length: size }, () => createAgencyRecord(t, overrides)));
      }
      const page = await listPage(filter, 1000);
      expect(page.totalCount).toBe(101);
      expect(page.edges).toHaveLength(100);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const rest = await listPage(filter, 1000, page.pageInfo.endCursor!);
      expect(rest.edges).toHaveLength(1);
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses a negative first as BAD_USER_INPUT', async () => {
      expectError(await t.gql(AGENCIES, { variables: { first: -1 } }), 'BAD_USER_INPUT', { field: 'first' });
    });

    it('refuses a garbage after cursor as BAD_USER_INPUT', async () => {
      expectError(await t.gql(AGENCIES, { variables: { after: 'garbage!' } }), 'BAD_USER_INPUT', { field: 'after' });
      const foreign = Buffer.from(JSON.stringify([42]), 'utf8').toString('base64url');
      expectError(await t.gql(AGENCIES, { variables: { after: foreign } }), 'BAD_USER_INPUT', { field: 'after' });
      const notAList = Buffer.from(JSON.stringify({ code: 'T-1' }), 'utf8').toString('base64url');
      expectError(await t.gql(AGENCIES, { variables: { after: notAList } }), 'BAD_USER_INPUT', { field: 'after' });
    });
  });

  describe('updateAgency', () => {
    let agency: TestAgency;

    beforeEach(async () => {
      agency = await createAgency(t);
    });

    it('lets the hub admin change every field', async () => {
      const response = await updateAgency(agency.id, {
        name: '改名した機関',
        nameEn: 'Renamed agency',
        sector: 'HOUSING',
        kind: '居住支援法人',
        contactEmail: 'new@example.jp',
        needCategories: ['HOUSING'],
        serviceAreas: municipalityArea(MINATO_KU),
        acceptingReferrals: false,
        isHubCoordinator: true,
        responseTargets: [{ urgency: 'LOW', acknowledgeWithin: 'P5D', decideWithin: 'P2W' }],
      });
      expect(response.body.errors).toBeUndefined();
      const updated = response.body.data!.updateAgency;
      expect(updated).toEqual(
        expect.objectContaining({
          name: '改名した機関',
          nameEn: 'Renamed agency',
          sector: 'HOUSING',
          kind: '居住支援法人',
          contactEmail: 'new@example.jp',
          needCategories: ['HOUSING'],
          acceptingReferrals: false,
          isHubCoordinator: true,
          version: 2,
        }),
      );
      expect(updated.serviceAreas.map((area) => area.code)).toEqual([MINATO_KU]);
      expect(updated.responseTargets.find((target) => target.urgency === 'LOW')).toEqual({
        urgency: 'LOW',
        acknowledgeWithin: 'P5D',
        decideWithin: 'P2W',
        businessTime: true,
      });
      expect(await agencyByCode(agency.code)).toEqual(updated);
    });

    it('lets an agency change its own operational settings with its own key', async () => {
      const response = await updateAgency(
        agency.id,
        {
          acceptingReferrals: false,
          contactEmail: 'madoguchi@example.jp',
          needCategories: ['DEBT', 'LEGAL'],
          nameEn: 'Our new English name',
          responseTargets: [{ urgency: 'NORMAL', acknowledgeWithin: 'PT8H', decideWithin: 'P2D' }],
        },
        agency.key,
      );
      expect(response.body.errors).toBeUndefined();
      const updated = response.body.data!.updateAgency;
      expect(updated).toEqual(
        expect.objectContaining({
          acceptingReferrals: false,
          contactEmail: 'madoguchi@example.jp',
          needCategories: ['DEBT', 'LEGAL'],
          nameEn: 'Our new English name',
          version: 2,
        }),
      );
      expect(updated.responseTargets.find((target) => target.urgency === 'NORMAL')).toEqual(
        expect.objectContaining({ acknowledgeWithin: 'PT8H', decideWithin: 'P2D' }),
      );
    });

    it.each<[string, Record<string, unknown>]>([
      ['name', { name: '勝手な改名' }],
      ['sector', { sector: 'HOUSING' }],
      ['kind', { kind: '別の種別' }],
      ['serviceAreas', { serviceAreas: municipalityArea(MINATO_KU) }],
      ['isHubCoordinator', { isHubCoordinator: true }],
    ])(
      "refuses the agency's own key changing %s as FORBIDDEN and leaves the agency unchanged",
      async (field, input) => {
        const before = await agencyByCode(agency.code);
        expectError(await updateAgency(agency.id, input, agency.key), 'FORBIDDEN', { fields: [field] });
        expect(await agencyByCode(agency.code)).toEqual(before);
      },
    );

    it("refuses another agency's key as FORBIDDEN and leaves the agency unchanged", async () => {
      const other = await createAgency(t);
      const before = await agencyByCode(agency.code);
      expectError(await updateAgency(agency.id, { acceptingReferrals: false }, other.key), 'FORBIDDEN');
      expect(await agencyByCode(agency.code)).toEqual(before);
    });

    it('refuses a stale expectedVersion as CONFLICT and leaves the agency unchanged', async () => {
      await updateAgency(agency.id, { nameEn: 'First edit' });
      const before = await agencyByCode(agency.code);
      expect(before.version).toBe(2);
      expectError(await updateAgency(agency.id, { nameEn: 'Stale edit', expectedVersion: 1 }), 'CONFLICT', {
        expectedVersion: 1,
        currentVersion: 2,
      });
      expect(await agencyByCode(agency.code)).toEqual(before);
      const current = await updateAgency(agency.id, { nameEn: 'Current edit', expectedVersion: 2 });
      expect(current.body.data!.updateAgency).toEqual(expect.objectContaining({ nameEn: 'Current edit', version: 3 }));
    });

    it('increments the version on every update, also when only the service areas or response targets change', async () => {
      const versions = [(await agencyByCode(agency.code)).version];
      for (const input of [
        { acceptingReferrals: false },
        { serviceAreas: municipalityArea(MINATO_KU) },
        { responseTargets: [{ urgency: 'LOW', acknowledgeWithin: 'P4D', decideWithin: 'P9D' }] },
        { serviceAreas: municipalityArea(NAKAGAWA_KU) },
      ]) {
        const response = await updateAgency(agency.id, input);
        expect(response.body.errors).toBeUndefined();
        versions.push(response.body.data!.updateAgency.version);
      }
      expect(versions).toEqual([1, 2, 3, 4, 5]);
      expect((await agencyByCode(agency.code)).serviceAreas.map((area) => area.code)).toEqual([NAKAGAWA_KU]);
    });

    it('refuses an invalid service area in an update as BAD_USER_INPUT and leaves the agency unchanged', async () => {
      const before = await agencyByCode(agency.code);
      const response = await updateAgency(agency.id, {
        name: '変更されないはず',
        serviceAreas: [...municipalityArea(MINATO_KU), ...municipalityArea('231101')],
      });
      expectError(response, 'BAD_USER_INPUT', { field: 'input.serviceAreas.1.code' });
      expect(await agencyByCode(agency.code)).toEqual(before);
    });

    it('answers NOT_FOUND when the hub admin updates an unknown agency', async () => {
      expectError(await updateAgency(randomUUID(), { name: '誰もいない' }), 'NOT_FOUND');
    });
  });
});
