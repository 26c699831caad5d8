import { randomUUID } from 'node:crypto';
import { DirectorySeeder } from '@tsunagu/directory';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Routing: suggestAgencies ranks the agencies that serve a place for some needs, and createReferral with
 * toSector sends to the best one of a sector. Test files share one database, so each describe works in
 * municipalities no other test file uses, and assertions look at the agencies the test created.
 */

// Real 全国地方公共団体コード (with check digit).
const YONAGUNI = '473821'; // 沖縄県与那国町: the place asked about in suggestAgencies
const URASOE = '472085'; // 沖縄県浦添市: "elsewhere" in the same prefecture
const OKINAWA = '470007';
const HOROKANAI = '014729'; // 北海道幌加内町: the place of routing by sector
const NAKAGAWA_CHO = '014711'; // 北海道中川町: a place no agency of the sector serves
const HOKKAIDO = '010006';

const SUGGEST = /* GraphQL */ `
  query ($input: SuggestAgenciesInput!) {
    suggestAgencies(input: $input) {
      agency {
        id
        code
        sector
      }
      score
      reasons
      matchedNeeds
      areaLevel
      openBacklog
      medianAcknowledgeHours
      pathway {
        fromSector
        toSector
        purposeJa
      }
    }
  }
`;
const PATHWAY = /* GraphQL */ `
  query ($from: Sector, $to: Sector) {
    collaborationPathways(fromSector: $from, toSector: $to) {
      purposeJa
    }
  }
`;
const CREATE = /* GraphQL */ `
  mutation ($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      status
      routingNote
      fromAgency {
        id
      }
      toAgency {
        id
      }
      events {
        type
        fromStatus
        toStatus
        note
        actorAgency {
          id
        }
      }
    }
  }
`;

interface Suggestion {
  agency: { id: string; code: string; sector: string };
  score: number;
  reasons: string[];
  matchedNeeds: string[];
  areaLevel: string;
  openBacklog: number;
  medianAcknowledgeHours: number | null;
  pathway: { fromSector: string; toSector: string; purposeJa: string } | null;
}

interface RoutedReferral {
  id: string;
  status: string;
  routingNote: string | null;
  fromAgency: { id: string };
  toAgency: { id: string };
  events: {
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    actorAgency: { id: string } | null;
  }[];
}

function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

/** Exactly one error, with this code and these details (a failure shows the whole answer, data included). */
function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(response.body).toEqual(
    expect.objectContaining({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code, ...extensions }) })],
    }),
  );
}

const municipalityArea = (code: string) => ({ level: 'MUNICIPALITY', code });
const neighbourhoodArea = (code: string, local: string) => ({ level: 'NEIGHBOURHOOD', code: `${code}-${local}` });
const prefectureArea = (code: string) => ({ level: 'PREFECTURE', code });

describe('routing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DirectorySeeder).seedReferenceData();
  });
  afterAll(() => t.close());

  async function suggestAs(key: string | null, input: Record<string, unknown>) {
    return t.gql<{ suggestAgencies: Suggestion[] }>(SUGGEST, { variables: { input }, key });
  }

  async function suggest(by: TestAgency, input: Record<string, unknown>): Promise<Suggestion[]> {
    return dataOf(await suggestAs(by.key, input), 'suggestAgencies').suggestAgencies;
  }

  /** The suggestions for `agencies` only, in the order the hub ranked them. */
  function onlyOf(suggestions: Suggestion[], agencies: TestAgency[]): Suggestion[] {
    const ids = new Set(agencies.map((agency) => agency.id));
    return suggestions.filter((suggestion) => ids.has(suggestion.agency.id));
  }

  function agencyIds(suggestions: Suggestion[]): string[] {
    return suggestions.map((suggestion) => suggestion.agency.id);
  }

  /** An agency of `sector` offering `needs` in `areas`. */
  function serving(
    sector: string,
    needs: string[],
    areas: Record<string, unknown>[],
    more: Record<string, unknown> = {},
  ) {
    return createAgency(t, { sector, needCategories: needs, serviceAreas: areas, ...more });
  }

  describe('suggestAgencies', () => {
    let caller: TestAgency;

    beforeAll(async () => {
      caller = await serving('POVERTY', ['INCOME', 'HOUSING', 'DEBT'], [municipalityArea(YONAGUNI)]);
    });

    it('leaves out paused agencies, agencies serving elsewhere, agencies without the needs, and the caller itself', async () => {
      const open = await serving('HOUSING', ['HOUSING'], [municipalityArea(YONAGUNI)]);
      const paused = await serving('HOUSING', ['HOUSING'], [municipalityArea(YONAGUNI)], { acceptingReferrals: false });
      const elsewhere = await serving('HOUSING', ['HOUSING'], [municipalityArea(URASOE)]);
      const elsewhereNeighbourhood = await serving('HOUSING', ['HOUSING'], [neighbourhoodArea(URASOE, 'MAKIMINATO')]);
      const otherNeeds = await serving('EMPLOYMENT', ['EMPLOYMENT'], [municipalityArea(YONAGUNI)]);
      const mine = [caller, open, paused, elsewhere, elsewhereNeighbourhood, otherNeeds];

      const suggestions = await suggest(caller, { needCategories: ['HOUSING'], municipalityCode: YONAGUNI });
      expect(agencyIds(onlyOf(suggestions, mine))).toEqual([open.id]);

      // The caller is left out because it asks: asked by another agency, it is suggested like any other.
      const asOpen = await suggest(open, { needCategories: ['HOUSING'], municipalityCode: YONAGUNI });
      expect(agencyIds(onlyOf(asOpen, mine))).toEqual([caller.id]);
    });

    it('ranks a nearer area higher for equal needs: neighbourhood, then municipality, then prefecture', async () => {
      const prefecture = await serving('DEBT', ['DEBT', 'LEGAL'], [prefectureArea(OKINAWA)]);
      const municipality = await serving('DEBT', ['DEBT', 'LEGAL'], [municipalityArea(YONAGUNI)]);
      const neighbourhood = await serving('DEBT', ['DEBT', 'LEGAL'], [neighbourhoodArea(YONAGUNI, 'SONAI')]);

      const ranked = onlyOf(await suggest(caller, { needCategories: ['DEBT', 'LEGAL'], municipalityCode: YONAGUNI }), [
        prefecture,
        municipality,
        neighbourhood,
      ]);
      expect(agencyIds(ranked)).toEqual([neighbourhood.id, municipality.id, prefecture.id]);
      expect(ranked.map((suggestion) => suggestion.areaLevel)).toEqual(['NEIGHBOURHOOD', 'MUNICIPALITY', 'PREFECTURE']);
      expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
      expect(ranked[1].score).toBeGreaterThan(ranked[2].score);
      for (const suggestion of ranked) {
        expect(suggestion.matchedNeeds.sort()).toEqual(['DEBT', 'LEGAL']);
        expect(suggestion.reasons.some((reason) => reason.includes('与那国町'))).toBe(true);
      }
    });

    it('an agency serving several areas ranks by the nearest of them', async () => {
      const wide = await serving('DEBT', ['LEGAL'], [prefectureArea(OKINAWA), neighbourhoodArea(YONAGUNI, 'HIGAWA')]);
      const [suggestion] = onlyOf(await suggest(caller, { needCategories: ['LEGAL'], municipalityCode: YONAGUNI }), [
        wide,
      ]);
      expect(suggestion.areaLevel).toBe('NEIGHBOURHOOD');
    });

    it('ranks more matched needs higher in the same area', async () => {
      const one = await serving('POVERTY', ['INCOME'], [municipalityArea(YONAGUNI)]);
      const all = await serving('POVERTY', ['INCOME', 'DEBT', 'DAILY_LIVING'], [municipalityArea(YONAGUNI)]);
      const two = await serving('POVERTY', ['INCOME', 'DEBT', 'EMPLOYMENT'], [municipalityArea(YONAGUNI)]);

      const ranked = onlyOf(
        await suggest(caller, { needCategories: ['INCOME', 'DEBT', 'DAILY_LIVING'], municipalityCode: YONAGUNI }),
        [one, all, two],
      );
      expect(agencyIds(ranked)).toEqual([all.id, two.id, one.id]);
      expect(ranked.map((suggestion) => suggestion.matchedNeeds.sort())).toEqual([
        ['DAILY_LIVING', 'DEBT', 'INCOME'],
        ['DEBT', 'INCOME'],
        ['INCOME'],
      ]);
      const needsReason = (suggestion: Suggestion) => suggestion.reasons.find((reason) => /need/i.test(reason));
      expect(needsReason(ranked[1])).toEqual(expect.stringContaining('DEBT'));
      expect(needsReason(ranked[1])).toEqual(expect.stringContaining('INCOME'));
      expect(needsReason(ranked[1])).not.toContain('DAILY_LIVING');
    });

    it('gives reasons: needs matched, area, open backlog, median time to acknowledge, and the chart’s pathway from the caller’s sector', async () => {
      const housing = await serving('HOUSING', ['HOUSING', 'DAILY_LIVING'], [neighbourhoodArea(YONAGUNI, 'KUBURA')]);
      const input = { needCategories: ['HOUSING'], municipalityCode: YONAGUNI };
      const before = onlyOf(await suggest(caller, input), [housing])[0];
      expect(before).toEqual(
        expect.objectContaining({ openBacklog: 0, medianAcknowledgeHours: null, matchedNeeds: ['HOUSING'] }),
      );
      expect(before.reasons.some((reason) => /acknowledg/i.test(reason))).toBe(true);

      // One referral, acknowledged: it is open (RECEIVED) and gives a time to acknowledge.
      const personId = await registerPerson(t, caller, { municipalityCode: YONAGUNI });
      await recordConsent(t, caller, { personId, recipientAgencyId: housing.id, dataCategories: ['IDENTITY'] });
      const created = await t.gql<{ createReferral: { id: string } }>(CREATE, {
        variables: {
          input: referralInput(personId, housing.id, { sharedCategories: ['IDENTITY'], send: true }),
        },
        key: caller.key,
      });
      const referralId = dataOf(created, 'createReferral').createReferral.id;
      dataOf(
        await t.gql('mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }', {
          variables: { id: referralId },
          key: housing.key,
        }),
        'acknowledgeReferral',
      );

      const [after] = onlyOf(await suggest(caller, input), [housing]);
      expect(after.openBacklog).toBe(1);
      expect(after.medianAcknowledgeHours).toEqual(expect.any(Number));
      expect(after.medianAcknowledgeHours).toBeGreaterThanOrEqual(0);
      expect(after.pathway).toEqual(expect.objectContaining({ fromSector: 'POVERTY', toSector: 'HOUSING' }));

      const [chart] = dataOf(
        await t.gql<{ collaborationPathways: { purposeJa: string }[] }>(PATHWAY, {
          variables: { from: 'POVERTY', to: 'HOUSING' },
        }),
        'collaborationPathways',
      ).collaborationPathways;
      const reasons = after.reasons;
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/need.*HOUSING/i),
          expect.stringMatching(/与那国町/),
          expect.stringMatching(/open referrals.*\b1\b|backlog.*\b1\b/i),
          expect.stringMatching(/median.*acknowledg|acknowledg.*median/i),
          expect.stringContaining(chart.purposeJa),
        ]),
      );
      expect(reasons.find((reason) => reason.includes(chart.purposeJa))).toMatch(/POVERTY.*HOUSING/);
    });

    it('gives no pathway when the chart has none from the caller’s sector', async () => {
      const farmer = await serving('AGRICULTURE', ['EMPLOYMENT'], [municipalityArea(YONAGUNI)]);
      const housing = await serving('HOUSING', ['HOUSING'], [municipalityArea(YONAGUNI)]);
      const [suggestion] = onlyOf(await suggest(farmer, { needCategories: ['HOUSING'], municipalityCode: YONAGUNI }), [
        housing,
      ]);
      expect(suggestion.pathway).toBeNull();
      expect(suggestion.reasons.some((reason) => /pathway/i.test(reason))).toBe(false);
    });

    it('an unknown need category is BAD_USER_INPUT naming its index', async () => {
      expectError(
        await suggestAs(caller.key, { needCategories: ['NO_SUCH_NEED'], municipalityCode: YONAGUNI }),
        'BAD_USER_INPUT',
        { field: 'input.needCategories.0' },
      );
      expectError(
        await suggestAs(caller.key, { needCategories: ['HOUSING', 'NO_SUCH_NEED'], municipalityCode: YONAGUNI }),
        'BAD_USER_INPUT',
        { field: 'input.needCategories.1' },
      );
    });

    it('an unknown municipality is BAD_USER_INPUT', async () => {
      for (const municipalityCode of ['999999', '473820', OKINAWA]) {
        expectError(await suggestAs(caller.key, { needCategories: ['HOUSING'], municipalityCode }), 'BAD_USER_INPUT', {
          field: 'input.municipalityCode',
        });
      }
      expectError(
        await suggestAs(caller.key, { needCategories: ['HOUSING'], municipalityCode: 'yonaguni' }),
        'BAD_USER_INPUT',
      );
    });
  });

  describe('createReferral with toSector', () => {
    let caller: TestAgency;
    let near: TestAgency;
    let far: TestAgency;
    let otherSector: TestAgency;

    beforeAll(async () => {
      caller = await serving('POVERTY', ['INCOME'], [municipalityArea(HOROKANAI)]);
      near = await serving('HOUSING', ['HOUSING'], [neighbourhoodArea(HOROKANAI, 'CHUO')]);
      far = await serving('HOUSING', ['HOUSING'], [prefectureArea(HOKKAIDO)]);
      // Nearer still and with the need, but of another sector.
      otherSector = await serving('DEBT', ['HOUSING'], [neighbourhoodArea(HOROKANAI, 'CHUO')]);
    });

    async function createAs(by: TestAgency, input: Record<string, unknown>) {
      return t.gql<{ createReferral: RoutedReferral }>(CREATE, { variables: { input }, key: by.key });
    }

    /** A person of the caller living in `place` who consented to referrals to `recipient`. */
    async function personWithConsent(place: string, recipient: Record<string, unknown>): Promise<string> {
      const personId = await registerPerson(t, caller, { municipalityCode: place });
      await recordConsent(t, caller, { personId, dataCategories: ['IDENTITY', 'CONTACT'], ...recipient });
      return personId;
    }

    const bySector = (personId: string, sector: string, more: Record<string, unknown> = {}) =>
      referralInput(personId, '', { toAgencyId: null, toSector: sector, ...more });

    async function countByKey(key: string): Promise<number> {
      const [row] = await t.app
        .get(DataSource)
        .query<{ n: number }[]>('SELECT count(*)::int AS n FROM referral WHERE idempotency_key = $1', [key]);
      return row.n;
    }

    it('sends to the top suggestion of that sector under a sector consent, with a routingNote and a ROUTED event', async () => {
      const top = (
        await suggest(caller, { needCategories: ['HOUSING'], municipalityCode: HOROKANAI, sector: 'HOUSING' })
      )[0];
      expect(top.agency.id).toBe(near.id);

      const personId = await personWithConsent(HOROKANAI, { recipientSector: 'HOUSING' });
      const routed = dataOf(
        await createAs(caller, bySector(personId, 'HOUSING', { send: true })),
        'createReferral',
      ).createReferral;

      expect(routed).toEqual(
        expect.objectContaining({ status: 'REQUESTED', fromAgency: { id: caller.id }, toAgency: { id: near.id } }),
      );
      expect(routed.routingNote).toEqual(expect.stringContaining(near.code));
      expect(routed.events.map((event) => event.type)).toEqual(['CREATED', 'ROUTED', 'SENT']);
      expect(routed.events[1]).toEqual(
        expect.objectContaining({ note: routed.routingNote, actorAgency: { id: caller.id } }),
      );
      expect([far.id, otherSector.id]).not.toContain(routed.toAgency.id);
    });

    it('routes a draft too: the recipient is chosen at creation', async () => {
      const personId = await personWithConsent(HOROKANAI, { recipientSector: 'HOUSING' });
      const routed = dataOf(await createAs(caller, bySector(personId, 'HOUSING')), 'createReferral').createReferral;
      expect(routed).toEqual(expect.objectContaining({ status: 'DRAFT', toAgency: { id: near.id } }));
      expect(routed.events.map((event) => event.type)).toEqual(['CREATED', 'ROUTED']);
    });

    it('a consent naming another agency of the sector does not cover the one routed to: CONSENT_REQUIRED, nothing created', async () => {
      const personId = await personWithConsent(HOROKANAI, { recipientAgencyId: far.id });
      const key = `routed-${randomUUID()}`;
      const response = await createAs(caller, bySector(personId, 'HOUSING', { send: true, idempotencyKey: key }));
      expectError(response, 'CONSENT_REQUIRED');
      expect(errorOf(response).extensions.missing).toEqual(expect.objectContaining({ recipientAgencyId: near.id }));
      expect(await countByKey(key)).toBe(0);
    });

    it('no agency of that sector serving the place is NOT_FOUND with reason NO_MATCHING_AGENCY, nothing created', async () => {
      // Of the sector but paused, serving elsewhere, or without the need: none of them counts.
      await serving('AGRICULTURE', ['EMPLOYMENT'], [municipalityArea(NAKAGAWA_CHO)], { acceptingReferrals: false });
      await serving('AGRICULTURE', ['EMPLOYMENT'], [municipalityArea(HOROKANAI)]);
      await serving('AGRICULTURE', ['HOUSING'], [municipalityArea(NAKAGAWA_CHO)]);

      const personId = await personWithConsent(NAKAGAWA_CHO, { recipientSector: 'AGRICULTURE' });
      const key = `unmatched-${randomUUID()}`;
      const response = await createAs(
        caller,
        bySector(personId, 'AGRICULTURE', { needCategories: ['EMPLOYMENT'], idempotencyKey: key }),
      );
      expectError(response, 'NOT_FOUND', { reason: 'NO_MATCHING_AGENCY' });
      expect(await countByKey(key)).toBe(0);
    });

    it('giving both toAgencyId and toSector, or neither, is BAD_USER_INPUT', async () => {
      const personId = await personWithConsent(HOROKANAI, { recipientSector: 'HOUSING' });
      const key = `both-${randomUUID()}`;
      expectError(
        await createAs(caller, referralInput(personId, near.id, { toSector: 'HOUSING', idempotencyKey: key })),
        'BAD_USER_INPUT',
        { field: 'input.toAgencyId' },
      );
      expectError(
        await createAs(caller, referralInput(personId, '', { toAgencyId: null, idempotencyKey: key })),
        'BAD_USER_INPUT',
      );
      expect(await countByKey(key)).toBe(0);
    });
  });
});
