import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { ownerUrl } from './setup/test-database.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * The hearing sheet (ヒアリングシート) and the ecomap (エコマップ) of a person: the sheet saved whole with
 * expectedVersion and every version kept, the relations added, changed and removed, the ecomap drawn from the
 * relations and the referrals as JSON and SVG, and both under SUPPORT_NETWORK: masked, NOT_FOUND for agencies
 * that may not know the person, audited.
 */

const SHEET = /* GraphQL */ `
  query ($personId: ID!) {
    hearingSheet(personId: $personId) {
      personId
      version
      items {
        number
        group
        groupLabel
        question
        text
        entries {
          label
          kind
          note
        }
      }
      updatedByAgency {
        id
      }
      history {
        version
        savedByAgency {
          id
        }
      }
    }
  }
`;
const SAVE = /* GraphQL */ `
  mutation ($personId: ID!, $answers: [HearingSheetAnswerInput!]!, $expectedVersion: Int!) {
    saveHearingSheet(personId: $personId, answers: $answers, expectedVersion: $expectedVersion) {
      version
      items {
        number
        text
        entries {
          label
          kind
        }
      }
      history {
        version
      }
    }
  }
`;
const ADD = /* GraphQL */ `
  mutation ($input: AddPersonRelationInput!) {
    addPersonRelation(input: $input) {
      id
      kind
      label
      strength
      direction
      note
      version
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdatePersonRelationInput!, $expectedVersion: Int) {
    updatePersonRelation(id: $id, input: $input, expectedVersion: $expectedVersion) {
      id
      label
      strength
      version
    }
  }
`;
const REMOVE = 'mutation ($id: ID!, $v: Int) { removePersonRelation(id: $id, expectedVersion: $v) }';
const RELATIONS = 'query ($personId: ID!) { personRelations(personId: $personId) { id label kind } }';
const ECOMAP = /* GraphQL */ `
  query ($personId: ID!) {
    ecomap(personId: $personId) {
      personId
      nodes {
        key
        kind
        label
        detail
        x
        y
      }
      edges {
        from
        to
        strength
        direction
      }
      svg
      redacted
    }
  }
`;

interface Sheet {
  version: number;
  items: { number: number; text: string | null; entries: { label: string; kind: string | null }[] }[];
  history: { version: number }[];
}
interface EcomapView {
  nodes: { key: string; kind: string; label: string; detail: string | null; x: number; y: number }[];
  edges: { from: string; to: string; strength: string; direction: string }[];
  svg: string;
  redacted: string[];
}

function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors![0].extensions).toEqual(expect.objectContaining({ code, ...extensions }));
}

describe('hearing sheet and ecomap', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const save = (agency: TestAgency, personId: string, answers: unknown[], expectedVersion: number) =>
    t.gql<{ saveHearingSheet: Sheet }>(SAVE, { variables: { personId, answers, expectedVersion }, key: agency.key });
  const sheetOf = (agency: TestAgency, personId: string) =>
    t.gql<{ hearingSheet: Sheet }>(SHEET, { variables: { personId }, key: agency.key });
  const ecomapOf = (agency: TestAgency, personId: string) =>
    t.gql<{ ecomap: EcomapView }>(ECOMAP, { variables: { personId }, key: agency.key });
  const addRelation = async (agency: TestAgency, input: Record<string, unknown>) =>
    dataOf(
      await t.gql<{ addPersonRelation: { id: string; version: number } }>(ADD, {
        variables: { input },
        key: agency.key,
      }),
      'add',
    ).addPersonRelation;

  async function audits(personId: string, agencyId: string, operation: string) {
    const rows: { categories: string[]; basis: { kind: string }[] }[] = await db.query(
      `SELECT categories, basis FROM audit_log
        WHERE person_id = $1 AND agency_id = $2 AND operation = $3 AND action = 'PERSON_READ' ORDER BY id`,
      [personId, agencyId, operation],
    );
    return rows;
  }

  /** A registrant, a recipient with a sent referral sharing `shared`, consented; and an unrelated agency. */
  async function network(shared: string[]) {
    const registrant = await createAgency(t);
    const recipient = await createAgency(t, { sector: 'HOUSING', name: '中川区居住支援センター' });
    const stranger = await createAgency(t, { sector: 'DEBT' });
    const personId = await registerPerson(t, registrant);
    const consentId = await recordConsent(t, registrant, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: shared,
    });
    const referral = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: referralInput(personId, recipient.id, { sharedCategories: shared, send: true }) },
      key: registrant.key,
    });
    const referralId = dataOf(referral, 'createReferral').createReferral.id;
    return { registrant, recipient, stranger, personId, consentId, referralId };
  }

  describe('the hearing sheet', () => {
    it('saves the whole sheet at expectedVersion, keeps every version, and refuses a stale save without a trace', async () => {
      const registrant = await createAgency(t);
      const personId = await registerPerson(t, registrant);

      const empty = dataOf(await sheetOf(registrant, personId), 'hearingSheet').hearingSheet;
      expect(empty.version).toBe(0);
      expect(empty.items).toHaveLength(13);
      expect(empty.items.every((item) => item.text === null && item.entries.length === 0)).toBe(true);

      const first = dataOf(
        await save(
          registrant,
          personId,
          [
            { number: 2, entries: [{ label: '囲碁仲間の佐藤さん', kind: 'FRIEND' }] },
            { number: 10, text: '料理が得意で、近所に配っている' },
          ],
          0,
        ),
        'save',
      ).saveHearingSheet;
      expect(first.version).toBe(1);
      expect(first.items[1]).toEqual({
        number: 2,
        text: null,
        entries: [{ label: '囲碁仲間の佐藤さん', kind: 'FRIEND' }],
      });
      expect(first.items[9].text).toBe('料理が得意で、近所に配っている');

      expectError(await save(registrant, personId, [{ number: 1, text: '町内会' }], 0), 'CONFLICT', {
        expectedVersion: 0,
        currentVersion: 1,
      });
      const second = dataOf(
        await save(registrant, personId, [{ number: 1, text: '町内会の清掃に参加' }], 1),
        'save',
      ).saveHearingSheet;
      expect(second.version).toBe(2);
      // The whole sheet is replaced: item 2 and 10 are empty now, and both versions are kept.
      expect(second.items[1].entries).toEqual([]);
      expect(second.history.map((revision) => revision.version)).toEqual([2, 1]);

      const read = dataOf(await sheetOf(registrant, personId), 'hearingSheet').hearingSheet as Sheet & {
        items: { question: string; groupLabel: string; group: string }[];
        updatedByAgency: { id: string };
      };
      expect(read.items[0]).toEqual(
        expect.objectContaining({
          number: 1,
          group: 'COMMUNITY_TIES',
          groupLabel: '地域の関わり',
          text: '町内会の清掃に参加',
        }),
      );
      expect(read.items[0].question).toContain('地域組織');
      expect(read.updatedByAgency).toEqual({ id: registrant.id });

      const stored: { version: number; answers: unknown }[] = await db.query(
        'SELECT version, answers FROM hearing_sheet_version WHERE person_id = $1 ORDER BY version',
        [personId],
      );
      expect(stored.map((row) => row.version)).toEqual([1, 2]);
      // The app role may not even try; the trigger refuses the owner of the tables too.
      await expect(db.query('DELETE FROM hearing_sheet_version WHERE person_id = $1', [personId])).rejects.toThrow(
        /permission denied/,
      );
      const owner = new DataSource({ type: 'postgres', url: ownerUrl(t.config.DATABASE_URL) });
      await owner.initialize();
      try {
        await expect(
          owner.query(`UPDATE hearing_sheet_version SET answers = '[]' WHERE person_id = $1`, [personId]),
        ).rejects.toThrow(/append-only/);
        await expect(owner.query('DELETE FROM hearing_sheet_version WHERE person_id = $1', [personId])).rejects.toThrow(
          /append-only/,
        );
      } finally {
        await owner.destroy();
      }

      const rows = await audits(personId, registrant.id, 'hearingSheet');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual({ categories: ['SUPPORT_NETWORK'], basis: [{ kind: 'REGISTRANT' }] });
    });

    it('refuses an unknown item, an item twice and a blank entry (BAD_USER_INPUT with the path), storing nothing', async () => {
      const registrant = await createAgency(t);
      const personId = await registerPerson(t, registrant);
      expectError(await save(registrant, personId, [{ number: 14, text: 'x' }], 0), 'BAD_USER_INPUT', {
        field: 'answers.0.number',
        reason: 'UNKNOWN_HEARING_ITEM',
      });
      expectError(
        await save(
          registrant,
          personId,
          [
            { number: 3, text: 'a' },
            { number: 3, text: 'b' },
          ],
          0,
        ),
        'BAD_USER_INPUT',
        { field: 'answers.1.number', reason: 'DUPLICATE_ENTRY' },
      );
      expectError(await save(registrant, personId, [{ number: 4, entries: [{ label: ' ' }] }], 0), 'BAD_USER_INPUT', {
        field: 'answers.0.entries.0.label',
      });
      const count: { n: number }[] = await db.query(
        'SELECT count(*)::int AS n FROM hearing_sheet WHERE person_id = $1',
        [personId],
      );
      expect(count[0].n).toBe(0);
    });

    it('is read and written by an agency the person shared SUPPORT_NETWORK with, FORBIDDEN without it, NOT_FOUND to others', async () => {
      const withNetwork = await network(['IDENTITY', 'SUPPORT_NETWORK']);
      dataOf(
        await save(withNetwork.registrant, withNetwork.personId, [{ number: 6, text: '姉が週に一度来る' }], 0),
        's',
      );
      const read = dataOf(await sheetOf(withNetwork.recipient, withNetwork.personId), 'sheet').hearingSheet;
      expect(read.items[5].text).toBe('姉が週に一度来る');
      const saved = dataOf(
        await save(withNetwork.recipient, withNetwork.personId, [{ number: 6, text: '姉が週に二度来る' }], 1),
        'save',
      ).saveHearingSheet;
      expect(saved.version).toBe(2);
      const [audit] = await audits(withNetwork.personId, withNetwork.recipient.id, 'hearingSheet');
      expect(audit.basis).toEqual([expect.objectContaining({ kind: 'REFERRAL', referralId: withNetwork.referralId })]);

      expectError(await sheetOf(withNetwork.stranger, withNetwork.personId), 'NOT_FOUND');
      expectError(await save(withNetwork.stranger, withNetwork.personId, [], 2), 'NOT_FOUND');
      expectError(await sheetOf({ key: t.adminKey } as TestAgency, withNetwork.personId), 'NOT_FOUND');

      const without = await network(['IDENTITY', 'CONTACT']);
      expectError(await sheetOf(without.recipient, without.personId), 'FORBIDDEN', {
        reason: 'CATEGORY_NOT_DISCLOSED',
        categories: ['SUPPORT_NETWORK'],
      });

      // The consent withdrawn: the category is masked at once.
      dataOf(
        await t.gql('mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', {
          variables: { id: withNetwork.consentId },
          key: withNetwork.registrant.key,
        }),
        'withdraw',
      );
      expectError(await sheetOf(withNetwork.recipient, withNetwork.personId), 'NOT_FOUND');
    });
  });

  describe('relations and the ecomap', () => {
    it('draws the person, the relations and the referral agencies, as JSON and as well-formed SVG with Japanese labels', async () => {
      const { registrant, recipient, personId, referralId } = await network(['IDENTITY', 'SUPPORT_NETWORK']);
      const mother = await addRelation(registrant, {
        personId,
        kind: 'FAMILY',
        label: '母',
        strength: 'STRONG',
        direction: 'MUTUAL',
        note: '同居、介護が必要',
      });
      expect(mother).toEqual(expect.objectContaining({ kind: 'FAMILY', label: '母', version: 1 }));
      const minsei = await addRelation(recipient, {
        personId,
        kind: 'NEIGHBOUR',
        label: '民生委員の田中さん',
        strength: 'WEAK',
        direction: 'TO_PERSON',
      });
      const landlord = await addRelation(registrant, {
        personId,
        kind: 'BUSINESS',
        label: '大家 <&> "不動産"',
        strength: 'STRESSFUL',
        direction: 'FROM_PERSON',
      });
      dataOf(
        await t.gql('mutation ($id: ID!) { acceptReferral(id: $id) { id } }', {
          variables: { id: referralId },
          key: recipient.key,
        }),
        'accept',
      );

      const map = dataOf(await ecomapOf(registrant, personId), 'ecomap').ecomap;
      expect(map.redacted).toEqual([]);
      const byKey = new Map(map.nodes.map((node) => [node.key, node]));
      expect(byKey.get('person')).toEqual(
        expect.objectContaining({ kind: 'PERSON', label: '山田 花子', detail: '本人', x: 0, y: 0 }),
      );
      expect(byKey.get(`relation:${mother.id}`)).toEqual(
        expect.objectContaining({ kind: 'FAMILY', label: '母', detail: '家族・親族' }),
      );
      expect(byKey.get(`agency:${recipient.id}`)).toEqual(
        expect.objectContaining({ kind: 'AGENCY', label: '中川区居住支援センター', detail: '受入れ決定' }),
      );
      expect(byKey.get(`agency:${registrant.id}`)).toEqual(expect.objectContaining({ detail: '紹介元' }));
      expect(map.edges).toEqual(
        expect.arrayContaining([
          { from: 'person', to: `relation:${mother.id}`, strength: 'STRONG', direction: 'MUTUAL' },
          { from: 'person', to: `relation:${minsei.id}`, strength: 'WEAK', direction: 'TO_PERSON' },
          { from: 'person', to: `relation:${landlord.id}`, strength: 'STRESSFUL', direction: 'FROM_PERSON' },
          { from: 'person', to: `agency:${recipient.id}`, strength: 'STRONG', direction: 'TO_PERSON' },
        ]),
      );

      const [{ wellFormed }]: { wellFormed: boolean }[] = await db.query(
        'SELECT xml_is_well_formed_document($1) AS "wellFormed"',
        [map.svg],
      );
      expect(wellFormed).toBe(true);
      for (const text of [
        '山田 花子',
        '母',
        '民生委員の田中さん',
        '中川区居住支援センター',
        '凡例',
        '強い関係（太線）',
      ]) {
        expect(map.svg).toContain(text);
      }
      expect(map.svg).toContain('大家 &lt;&amp;&gt; &quot;不動産&quot;');
      expect(map.svg).not.toContain('<&>');

      const [audit] = await audits(personId, registrant.id, 'ecomap');
      expect(audit).toEqual({ categories: ['IDENTITY', 'SUPPORT_NETWORK'], basis: [{ kind: 'REGISTRANT' }] });
    });

    it('changes a relation at expectedVersion, removes it from the map, and refuses a stale version', async () => {
      const registrant = await createAgency(t);
      const personId = await registerPerson(t, registrant);
      const friend = await addRelation(registrant, { personId, kind: 'FRIEND', label: '佐藤さん', strength: 'WEAK' });
      expect(friend).toEqual(expect.objectContaining({ direction: 'MUTUAL', version: 1 }));

      const updated = await t.gql<{ updatePersonRelation: { label: string; strength: string; version: number } }>(
        UPDATE,
        { variables: { id: friend.id, input: { strength: 'STRONG' }, expectedVersion: 1 }, key: registrant.key },
      );
      expect(dataOf(updated, 'update').updatePersonRelation).toEqual(
        expect.objectContaining({ label: '佐藤さん', strength: 'STRONG', version: 2 }),
      );
      expectError(
        await t.gql(UPDATE, {
          variables: { id: friend.id, input: { label: '佐藤一郎さん' }, expectedVersion: 1 },
          key: registrant.key,
        }),
        'CONFLICT',
        { expectedVersion: 1, currentVersion: 2 },
      );
      expectError(await t.gql(REMOVE, { variables: { id: friend.id, v: 1 }, key: registrant.key }), 'CONFLICT');

      expect(
        dataOf(await t.gql(REMOVE, { variables: { id: friend.id, v: 2 }, key: registrant.key }), 'remove'),
      ).toEqual({
        removePersonRelation: friend.id,
      });
      const relations = dataOf(
        await t.gql<{ personRelations: unknown[] }>(RELATIONS, { variables: { personId }, key: registrant.key }),
        'relations',
      ).personRelations;
      expect(relations).toEqual([]);
      const map = dataOf(await ecomapOf(registrant, personId), 'ecomap').ecomap;
      expect(map.nodes.map((node) => node.key)).toEqual(['person']);
      expectError(await t.gql(REMOVE, { variables: { id: friend.id }, key: registrant.key }), 'NOT_FOUND');
      const [row]: { removed_by_agency_id: string }[] = await db.query(
        'SELECT removed_by_agency_id FROM person_relation WHERE id = $1',
        [friend.id],
      );
      expect(row.removed_by_agency_id).toBe(registrant.id);
    });

    it('masks the relations without SUPPORT_NETWORK, names the person only with IDENTITY, shows only its own referrals, and is NOT_FOUND to others', async () => {
      const { registrant, recipient, stranger, personId } = await network(['CONTACT']);
      const relation = await addRelation(registrant, {
        personId,
        kind: 'FAMILY',
        label: '母',
        strength: 'STRONG',
      });
      // A referral of the same person to another agency: not the recipient's to see.
      const other = await createAgency(t, { sector: 'DEBT', name: '法テラス名古屋' });
      await recordConsent(t, registrant, { personId, recipientAgencyId: other.id, dataCategories: ['CONTACT'] });
      dataOf(
        await t.gql(CREATE_REFERRAL, {
          variables: { input: referralInput(personId, other.id, { sharedCategories: ['CONTACT'], send: true }) },
          key: registrant.key,
        }),
        'createReferral',
      );
      const registrantMap = dataOf(await ecomapOf(registrant, personId), 'ecomap').ecomap;
      expect(registrantMap.nodes.map((node) => node.key)).toEqual(
        expect.arrayContaining([`agency:${recipient.id}`, `agency:${other.id}`]),
      );

      const map = dataOf(await ecomapOf(recipient, personId), 'ecomap').ecomap;
      expect(map.redacted).toEqual(['IDENTITY', 'SUPPORT_NETWORK']);
      expect(map.nodes.map((node) => [node.key, node.label])).toEqual(
        expect.arrayContaining([
          ['person', '本人'],
          [`agency:${recipient.id}`, '中川区居住支援センター'],
        ]),
      );
      expect(map.nodes.some((node) => node.key.startsWith('relation:'))).toBe(false);
      expect(map.nodes.map((node) => node.key)).not.toContain(`agency:${other.id}`);
      expect(map.svg).not.toContain('法テラス');
      expect(map.svg).not.toContain('母');
      expect(map.svg).not.toContain('山田');
      const [audit] = await audits(personId, recipient.id, 'ecomap');
      expect(audit.categories).toEqual([]);

      expectError(await t.gql(RELATIONS, { variables: { personId }, key: recipient.key }), 'FORBIDDEN', {
        reason: 'CATEGORY_NOT_DISCLOSED',
      });
      expectError(
        await t.gql(UPDATE, { variables: { id: relation.id, input: { label: '父' } }, key: recipient.key }),
        'NOT_FOUND',
      );
      expectError(
        await t.gql(ADD, {
          variables: { input: { personId, kind: 'FRIEND', label: 'x', strength: 'WEAK' } },
          key: recipient.key,
        }),
        'FORBIDDEN',
      );

      expectError(await ecomapOf(stranger, personId), 'NOT_FOUND');
      expectError(await t.gql(RELATIONS, { variables: { personId }, key: stranger.key }), 'NOT_FOUND');
      expectError(
        await t.gql(UPDATE, { variables: { id: relation.id, input: { label: '父' } }, key: stranger.key }),
        'NOT_FOUND',
      );
      expectError(await t.gql(REMOVE, { variables: { id: relation.id }, key: stranger.key }), 'NOT_FOUND');
      const [row]: { label: string; removed_at: Date | null }[] = await db.query(
        'SELECT label, removed_at FROM person_relation WHERE id = $1',
        [relation.id],
      );
      expect(row).toEqual({ label: '母', removed_at: null });
    });
  });
});
