import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { SupportPlansService } from '@tsunagu/collaboration';
import {
  AGENCY_SCOPES,
  closeEventBus,
  createEventBus,
  FixedClock,
  Scope,
  type BusEvent,
  type EventBus,
} from '@tsunagu/platform';
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { DataSource } from 'typeorm';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { insertRecordedConference } from './support/recorded-conference.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { publishStored } from './support/stored-events.js';
import { wsClient } from './support/subscription-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Person data under the `persons:read` scope wherever it is reached (issue: `referral { person }` had no check),
 * and the free text written about a person (a referral's summary, event notes, messages, a withdrawal reason)
 * under the same consent rules as the person's fields: masked and listed in `redacted` once the basis is gone,
 * audited when disclosed, never copied to the recipient, and no new messages without a basis.
 */

const FAMILY = '鈴木';
const GIVEN = '一郎';
const PHONE = '090-1234-5678';
/** A name and a telephone number, as case workers write them into free text. */
const SECRET = `${FAMILY}${GIVEN}さん(${PHONE})`;
const HOUR = 60 * 60 * 1000;

/** The free-text fields about a person, by type; the schema walk checks every String field is classified. */
const PERSON_TEXT = new Set([
  'Referral.summary',
  'Referral.justification',
  'Referral.routingNote',
  'Referral.outcome',
  'Referral.closeReason',
  'ReferralEvent.note',
  'ReferralMessage.body',
  'Consent.withdrawalReason',
  'CaseConference.cancelReason',
  'CaseConferenceRecord.informationShared',
  'CaseConferenceRecord.personWish',
  'CaseConferenceRecord.agreedDirection',
  'CaseConferenceGoal.text',
  'CaseConferenceSupport.text',
  'CaseConferenceAssignment.description',
  'HearingSheetItem.text',
  'HearingSheetEntry.label',
  'HearingSheetEntry.note',
  'PersonRelation.label',
  'PersonRelation.note',
  'EcomapNode.label',
  'EcomapNode.detail',
  'EcomapEdge.label',
  'Ecomap.svg',
  'SupportPlanVersion.personWish',
  'SupportPlanVersion.agreedDirection',
  'PlanGoal.text',
  'PlanSupport.text',
  'SupportTask.ownerLabel',
  'SupportTask.description',
  'SupportTask.dropReason',
]);
/**
 * String fields of those types that are not text about the person: codes, the lists of masked field names, an
 * event's opaque resume cursor, a consent's evidence reference (where the signed form is filed, e.g. a
 * document number), the hearing sheet's fixed questions, and the ecomap's node keys.
 */
const NOT_PERSON_TEXT = new Set([
  'Referral.needCategories',
  'Referral.redacted',
  'ReferralEvent.type',
  'ReferralEvent.cursor',
  'ReferralEvent.redacted',
  'ReferralMessage.redacted',
  'Consent.evidenceRef',
  // A case conference's title and place are written without personal data (docs/collaboration.md); the
  // participants' own names and role labels are theirs, given for the meeting, seen only by participating agencies.
  'CaseConference.title',
  'CaseConference.place',
  'CaseConference.redacted',
  'CaseConferenceRecord.redacted',
  'CaseConferenceAgency.roleLabel',
  'CaseConferenceParticipant.roleLabel',
  'CaseConferenceParticipant.name',
  'CaseConferenceAssignment.dueOn',
  // "What cannot be done now" is written without personal data: it becomes the council's evidence.
  'CaseConferenceUnmetItem.needCategory',
  'CaseConferenceUnmetItem.municipalityCode',
  'CaseConferenceUnmetItem.description',
  'ConferenceChecklistWarning.message',
  'HearingSheetItem.groupLabel',
  'HearingSheetItem.question',
  'EcomapNode.key',
  'EcomapEdge.from',
  'EcomapEdge.to',
  'SupportPlan.nextReviewOn',
  'SupportPlanVersion.nextReviewOn',
  'SupportTask.dueOn',
]);
const TEXT_TYPES = [
  'Referral',
  'ReferralEvent',
  'ReferralMessage',
  'Consent',
  'CaseConference',
  'CaseConferenceAgency',
  'CaseConferenceParticipant',
  'CaseConferenceRecord',
  'CaseConferenceGoal',
  'CaseConferenceSupport',
  'CaseConferenceAssignment',
  'CaseConferenceUnmetItem',
  'ConferenceChecklistWarning',
  'HearingSheet',
  'HearingSheetItem',
  'HearingSheetEntry',
  'PersonRelation',
  'Ecomap',
  'EcomapNode',
  'EcomapEdge',
  'SupportPlan',
  'SupportPlanVersion',
  'PlanGoal',
  'PlanSupport',
  'SupportTask',
];

/** Paths to person data that need no `persons:read`, and why. */
const EXEMPT_ROOTS: Record<string, string> = {
  'Mutation.registerPerson': 'returns what the caller (persons:write) has just sent, nothing more',
};

type Side = 'sender' | 'recipient';
interface Party {
  agency: TestAgency;
  /** Every agency scope but persons:read. */
  withoutPersonsRead: string;
}
interface Parties {
  sender: Party;
  recipient: Party;
}

interface Recipe {
  /** `(name: $name, …)` of the root field, with the variables' types. */
  args: string;
  variables: Record<string, string>;
  /** Which agency calls it. */
  side: Side;
  /** Whether, with persons:read, the answer holds the person's data (else it is masked by the consent rules). */
  discloses: boolean;
}

function unwrap(type: GraphQLType): GraphQLType {
  return isNonNullType(type) || isListType(type) ? unwrap(type.ofType as GraphQLType) : type;
}

function isPersonData(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name === 'Person' || PERSON_TEXT.has(`${parent.name}.${field.name}`);
}

/**
 * For each root field (query, mutation, subscription), the shortest path to every person-data field reachable
 * from it (a field of type Person, or person free text). Computed from the running schema, so a new path to
 * person data shows up here by itself.
 */
function personDataPaths(schema: GraphQLSchema): Map<string, string[][]> {
  const result = new Map<string, string[][]>();
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const rootField of Object.values(root.getFields())) {
      const paths: string[][] = [];
      const seen = new Set<string>();
      const queue: { type: GraphQLType; path: string[]; parent: GraphQLObjectType; field: typeof rootField }[] = [
        { type: unwrap(rootField.type), path: [rootField.name], parent: root, field: rootField },
      ];
      while (queue.length > 0) {
        const { type, path, parent, field } = queue.shift()!;
        if (isPersonData(parent, field)) {
          paths.push(path);
          continue;
        }
        if (!isObjectType(type) || seen.has(type.name)) continue;
        seen.add(type.name);
        for (const child of Object.values(type.getFields())) {
          queue.push({ type: unwrap(child.type), path: [...path, child.name], parent: type, field: child });
        }
      }
      if (paths.length > 0) result.set(`${root.name}.${rootField.name}`, paths);
    }
  }
  return result;
}

/** The selection set that reaches every path (a Person selects its name and telephone number). */
function selectionOf(paths: string[][], schema: GraphQLSchema): string {
  interface Node {
    children: Map<string, Node>;
  }
  const tree: Node = { children: new Map() };
  for (const path of paths.map((p) => p.slice(1))) {
    let node = tree;
    for (const name of path) {
      if (!node.children.has(name)) node.children.set(name, { children: new Map() });
      node = node.children.get(name)!;
    }
  }
  const person = schema.getType('Person');
  const render = (node: Node, type: GraphQLType): string => {
    if (node.children.size === 0) {
      return type === person ? '{ familyName givenName phone }' : isScalarType(type) ? '' : '{ __typename }';
    }
    const object = type as GraphQLObjectType;
    const fields = [...node.children].map(([name, child]) => {
      const childType = unwrap(object.getFields()[name].type);
      return `${name} ${render(child, childType)}`;
    });
    return `{ __typename ${fields.join(' ')} }`;
  };
  const rootName = paths[0][0];
  const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .flatMap((type) => (type ? [type.getFields()[rootName]] : []))
    .find(Boolean)!;
  return render(tree, unwrap(root.type));
}

function markersIn(response: unknown): string[] {
  const text = JSON.stringify(response);
  return [FAMILY, GIVEN, PHONE].filter((marker) => text.includes(marker));
}

describe('person data and free text about the person', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: FixedClock;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    t = await startTestApp({}, { clock });
    db = t.app.get(DataSource);
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => t.close());

  async function party(overrides: Record<string, unknown> = {}): Promise<Party> {
    const agency = await createAgency(t, overrides);
    const scopes = AGENCY_SCOPES.filter((scope) => scope !== Scope.PERSONS_READ);
    const withoutPersonsRead = (await issueKey(t, { agencyId: agency.id, scopes })).secret;
    return { agency, withoutPersonsRead };
  }

  async function parties(): Promise<Parties> {
    return { sender: await party(), recipient: await party({ sector: 'HOUSING' }) };
  }

  /** A person of the sender (with a name and a number) who consented to the recipient; `expiresAt` optional. */
  async function consentedPerson(p: Parties, expiresAt?: Date): Promise<{ personId: string; consentId: string }> {
    const personId = await registerPerson(t, p.sender.agency, { familyName: FAMILY, givenName: GIVEN, phone: PHONE });
    const consentId = await recordConsent(t, p.sender.agency, {
      personId,
      recipientAgencyId: p.recipient.agency.id,
      dataCategories: ['IDENTITY', 'CONTACT'],
      ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
    });
    return { personId, consentId };
  }

  /**
   * The support plan of a consented person of the sender (the lead) from a recorded conference, free text with
   * the markers; the recipient owns a task (version 1).
   */
  async function recordedPlan(p: Parties): Promise<{ personId: string; taskId: string }> {
    const { personId } = await consentedPerson(p);
    const conferenceId = await insertRecordedConference(db, {
      personId,
      leadAgencyId: p.sender.agency.id,
      agencyIds: [p.recipient.agency.id],
      personWish: SECRET,
      agreedDirection: SECRET,
      goals: [{ term: 'SHORT_TERM', text: SECRET }],
      supports: [{ timing: 'NOW', text: SECRET }],
      participants: [{ kind: 'MINSEI_IIN', roleLabel: '民生委員', name: GIVEN }],
      assignments: [
        { agencyId: p.recipient.agency.id, description: SECRET, dueOn: '2099-01-10' },
        { participant: 0, description: SECRET },
      ],
      at: clock.now(),
    });
    const plans = t.app.get(SupportPlansService);
    await db.transaction((manager) => plans.reviseFromConference(manager, conferenceId, clock.now()));
    const [{ id: taskId }] = await db.query<{ id: string }[]>(
      `SELECT "id" FROM "support_task" WHERE "conference_id" = $1 AND "owner_agency_id" = $2`,
      [conferenceId, p.recipient.agency.id],
    );
    return { personId, taskId };
  }

  async function sentReferral(p: Parties, personId: string, send = true): Promise<string> {
    const response = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: {
        input: referralInput(personId, p.recipient.agency.id, { summary: `${SECRET}の住まいの相談`, send }),
      },
      key: p.sender.agency.key,
    });
    return dataOf(response, 'createReferral').createReferral.id;
  }

  /**
   * A case conference of the sender about a consented person, with the recipient taking part (unless `alone`),
   * moved to `stage`; recorded with SECRET as the person's wish.
   */
  async function conference(p: Parties, stage: 'SCHEDULED' | 'HELD' | 'RECORDED', alone = false): Promise<string> {
    const { personId } = await consentedPerson(p);
    await recordConsent(t, p.sender.agency, {
      personId,
      recipientAgencyId: p.recipient.agency.id,
      purposes: ['CASE_CONFERENCE'],
      dataCategories: ['IDENTITY'],
    });
    const input = {
      personId,
      title: '個別支援会議',
      scheduledAt: new Date(clock.now().getTime() + HOUR).toISOString(),
      dataCategories: ['IDENTITY'],
      agencies: alone ? [] : [{ agencyId: p.recipient.agency.id, roleLabel: '居住支援' }],
    };
    const scheduled = await t.gql<{ scheduleCaseConference: { id: string } }>(
      'mutation ($input: ScheduleCaseConferenceInput!) { scheduleCaseConference(input: $input) { id } }',
      { variables: { input }, key: p.sender.agency.key },
    );
    const id = dataOf(scheduled, 'scheduleCaseConference').scheduleCaseConference.id;
    if (stage !== 'SCHEDULED') await act(p.sender.agency, 'holdCaseConference(id: $id)', { id });
    if (stage === 'RECORDED') {
      await act(p.sender.agency, 'recordCaseConference(id: $id, record: { personWish: $wish })', { id, wish: SECRET });
    }
    return id;
  }

  async function act(agency: TestAgency, mutation: string, variables: Record<string, unknown>): Promise<void> {
    const name = mutation.slice(0, mutation.indexOf('('));
    const vars = Object.keys(variables)
      .map((key) => `$${key}: ${key === 'id' || key.endsWith('Id') ? 'ID!' : 'String!'}`)
      .join(', ');
    dataOf(await t.gql(`mutation (${vars}) { ${mutation} { id } }`, { variables, key: agency.key }), name);
  }

  /** The person's hearing sheet, saved by the registrant with the person's name and number in an answer. */
  async function saveSheet(p: Parties, personId: string): Promise<void> {
    const response = await t.gql(
      'mutation ($personId: ID!, $text: String!) { saveHearingSheet(personId: $personId, answers: [{ number: 5, text: $text }], expectedVersion: 0) { version } }',
      { variables: { personId, text: SECRET }, key: p.sender.agency.key },
    );
    dataOf(response, 'saveHearingSheet');
  }

  /** A relation of the person, recorded by the registrant, labelled with the person's name and number. */
  async function addRelation(p: Parties, personId: string): Promise<string> {
    const response = await t.gql<{ addPersonRelation: { id: string } }>(
      'mutation ($personId: ID!, $label: String!) { addPersonRelation(input: { personId: $personId, kind: FAMILY, label: $label, strength: STRONG }) { id } }',
      { variables: { personId, label: SECRET }, key: p.sender.agency.key },
    );
    return dataOf(response, 'addPersonRelation').addPersonRelation.id;
  }

  async function post(agency: TestAgency | string, referralId: string, body: string) {
    return t.gql<{ postReferralMessage: { id: string } }>(
      'mutation ($id: ID!, $body: String!) { postReferralMessage(referralId: $id, body: $body) { id } }',
      { variables: { id: referralId, body }, key: typeof agency === 'string' ? agency : agency.key },
    );
  }

  async function textAudits(agencyId: string, referralId: string): Promise<{ basis: { kind: string }[] }[]> {
    return db.query(
      `SELECT basis FROM audit_log WHERE action = 'FREE_TEXT_READ' AND agency_id = $1 AND referral_id = $2 ORDER BY id`,
      [agencyId, referralId],
    );
  }

  describe('persons:read wherever person data is reached', () => {
    it('refuses referral { person } to a key without persons:read (FORBIDDEN), and answers it with the scope', async () => {
      const p = await parties();
      const { personId } = await consentedPerson(p);
      const referralId = await sentReferral(p, personId);
      const query = 'query ($id: ID!) { referral(id: $id) { id person { familyName phone } } }';

      const refused = await t.gql(query, { variables: { id: referralId }, key: p.recipient.withoutPersonsRead });
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          path: ['referral', 'person'],
          extensions: expect.objectContaining({ code: 'FORBIDDEN', missingScopes: ['persons:read'] }) as unknown,
        }),
      ]);
      expect(markersIn(refused.body)).toEqual([]);

      const answered = await t.gql<{ referral: { person: { familyName: string } } }>(query, {
        variables: { id: referralId },
        key: p.recipient.agency.key,
      });
      expect(dataOf(answered, 'referral').referral.person).toEqual({ familyName: FAMILY, phone: PHONE });
    });

    it('classifies every String field of the referral, consent, hearing sheet and ecomap types as person free text or not', () => {
      const strings = TEXT_TYPES.flatMap((name) => {
        const type = schema.getType(name) as GraphQLObjectType;
        return Object.values(type.getFields())
          .filter((field) => getNamedType(field.type).name === 'String')
          .map((field) => `${name}.${field.name}`);
      });
      const unclassified = strings.filter((name) => !PERSON_TEXT.has(name) && !NOT_PERSON_TEXT.has(name));
      expect(unclassified).toEqual([]);
      for (const name of PERSON_TEXT) expect(strings).toContain(name);
    });

    /** How to call each root field that reaches person data, on a fresh case in the right state. */
    const recipes: Record<string, (p: Parties) => Promise<Recipe>> = {
      'Query.person': async (p) => ({
        args: '(id: $id)',
        variables: { id: (await consentedPerson(p)).personId },
        side: 'sender',
        discloses: true,
      }),
      'Query.referral': async (p) => ({
        args: '(id: $id)',
        variables: { id: await sentReferral(p, (await consentedPerson(p)).personId) },
        side: 'recipient',
        discloses: true,
      }),
      'Query.referrals': async (p) => {
        await sentReferral(p, (await consentedPerson(p)).personId);
        return { args: '(first: 5)', variables: {}, side: 'recipient', discloses: true };
      },
      'Query.consents': async (p) => {
        const { personId, consentId } = await consentedPerson(p);
        await act(p.sender.agency, 'withdrawConsent(id: $id, reason: $reason)', { id: consentId, reason: SECRET });
        return { args: '(personId: $personId)', variables: { personId }, side: 'sender', discloses: true };
      },
      'Mutation.recordConsent': async (p) => {
        const personId = await registerPerson(t, p.sender.agency, { familyName: FAMILY, phone: PHONE });
        return {
          args: '(input: { personId: $personId, recipientSector: DEBT, purposes: [REFERRAL], dataCategories: [IDENTITY], method: WRITTEN })',
          variables: { personId },
          side: 'sender',
          discloses: false,
        };
      },
      'Mutation.withdrawConsent': async (p) => ({
        args: '(id: $id, reason: $reason)',
        variables: { id: (await consentedPerson(p)).consentId, reason: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.createReferral': async (p) => {
        const { personId } = await consentedPerson(p);
        return {
          args: '(input: { personId: $personId, toAgencyId: $toAgencyId, needCategories: ["HOUSING"], summary: $summary, urgency: NORMAL, sharedCategories: [IDENTITY], send: true })',
          variables: { personId, toAgencyId: p.recipient.agency.id, summary: SECRET },
          side: 'sender',
          discloses: true,
        };
      },
      'Mutation.sendReferral': async (p) => ({
        args: '(id: $id)',
        variables: { id: await sentReferral(p, (await consentedPerson(p)).personId, false) },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.cancelReferral': async (p) => ({
        args: '(id: $id, reason: $reason)',
        variables: { id: await sentReferral(p, (await consentedPerson(p)).personId), reason: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.forwardReferral': async (p) => {
        const { personId } = await consentedPerson(p);
        const id = await sentReferral(p, personId);
        await act(p.recipient.agency, 'declineReferral(id: $id, reason: NO_CAPACITY)', { id });
        const second = await createAgency(t, { sector: 'DEBT' });
        await recordConsent(t, p.sender.agency, {
          personId,
          recipientAgencyId: second.id,
          dataCategories: ['IDENTITY', 'CONTACT'],
        });
        return {
          args: '(id: $id, toAgencyId: $toAgencyId, note: $note)',
          variables: { id, toAgencyId: second.id, note: SECRET },
          side: 'sender',
          discloses: true,
        };
      },
      ...Object.fromEntries(
        (
          [
            ['acknowledgeReferral', '(id: $id)', [], {}, true],
            ['acceptReferral', '(id: $id, note: $note)', [], { note: SECRET }, true],
            ['declineReferral', '(id: $id, reason: NO_CAPACITY, note: $note)', [], { note: SECRET }, false],
            ['startReferral', '(id: $id)', ['acceptReferral'], {}, true],
            ['holdReferral', '(id: $id, note: $note)', ['acceptReferral', 'startReferral'], { note: SECRET }, true],
            [
              'completeReferral',
              '(id: $id, outcome: $outcome)',
              ['acceptReferral', 'startReferral'],
              { outcome: SECRET },
              true,
            ],
            [
              'failReferral',
              '(id: $id, reason: $reason)',
              ['acceptReferral', 'startReferral'],
              { reason: SECRET },
              true,
            ],
          ] as const
        ).map(([name, args, before, extra, discloses]) => [
          `Mutation.${name}`,
          async (p: Parties): Promise<Recipe> => {
            const id = await sentReferral(p, (await consentedPerson(p)).personId);
            for (const step of before) await act(p.recipient.agency, `${step}(id: $id)`, { id });
            return { args, variables: { id, ...extra }, side: 'recipient', discloses };
          },
        ]),
      ),
      'Query.caseConference': async (p) => ({
        args: '(id: $id)',
        variables: { id: await conference(p, 'RECORDED') },
        side: 'recipient',
        discloses: true,
      }),
      'Query.caseConferences': async (p) => {
        await conference(p, 'RECORDED');
        return { args: '(first: 5)', variables: {}, side: 'recipient', discloses: true };
      },
      'Mutation.scheduleCaseConference': async (p) => {
        const { personId } = await consentedPerson(p);
        return {
          args: '(input: { personId: $personId, title: "個別支援会議", scheduledAt: "2030-01-01T00:00:00Z", dataCategories: [IDENTITY] })',
          variables: { personId },
          side: 'sender',
          discloses: false,
        };
      },
      'Mutation.addCaseConferenceAgency': async (p) => ({
        args: '(id: $id, input: { agencyId: $agencyId, roleLabel: "居住支援" })',
        variables: { id: await conference(p, 'SCHEDULED', true), agencyId: p.recipient.agency.id },
        side: 'sender',
        discloses: false,
      }),
      'Mutation.addCaseConferenceParticipant': async (p) => ({
        args: '(id: $id, input: { kind: MINSEI_IIN, roleLabel: "担当民生委員", name: "佐藤" })',
        variables: { id: await conference(p, 'SCHEDULED') },
        side: 'sender',
        discloses: false,
      }),
      'Mutation.holdCaseConference': async (p) => ({
        args: '(id: $id)',
        variables: { id: await conference(p, 'SCHEDULED') },
        side: 'sender',
        discloses: false,
      }),
      'Mutation.recordCaseConference': async (p) => ({
        args: '(id: $id, record: { personWish: $wish })',
        variables: { id: await conference(p, 'HELD'), wish: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.cancelCaseConference': async (p) => ({
        args: '(id: $id, reason: $reason)',
        variables: { id: await conference(p, 'SCHEDULED'), reason: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Query.hearingSheet': async (p) => {
        const { personId } = await consentedPerson(p);
        await saveSheet(p, personId);
        return { args: '(personId: $personId)', variables: { personId }, side: 'sender', discloses: true };
      },
      'Mutation.saveHearingSheet': async (p) => ({
        args: '(personId: $personId, answers: [{ number: 5, text: $text }], expectedVersion: 0)',
        variables: { personId: (await consentedPerson(p)).personId, text: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Query.personRelations': async (p) => {
        const { personId } = await consentedPerson(p);
        await addRelation(p, personId);
        return { args: '(personId: $personId)', variables: { personId }, side: 'sender', discloses: true };
      },
      'Mutation.addPersonRelation': async (p) => ({
        args: '(input: { personId: $personId, kind: NEIGHBOUR, label: $label, strength: WEAK })',
        variables: { personId: (await consentedPerson(p)).personId, label: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.updatePersonRelation': async (p) => ({
        args: '(id: $id, input: { note: $note })',
        variables: { id: await addRelation(p, (await consentedPerson(p)).personId), note: SECRET },
        side: 'sender',
        discloses: true,
      }),
      'Query.ecomap': async (p) => {
        const { personId } = await consentedPerson(p);
        await addRelation(p, personId);
        return { args: '(personId: $personId)', variables: { personId }, side: 'sender', discloses: true };
      },
      'Query.supportPlan': async (p) => ({
        args: '(personId: $personId)',
        variables: { personId: (await recordedPlan(p)).personId },
        side: 'sender',
        discloses: true,
      }),
      'Query.supportTasks': async (p) => {
        await recordedPlan(p);
        return { args: '(first: 5)', variables: {}, side: 'recipient', discloses: true };
      },
      'Mutation.completeSupportTask': async (p) => ({
        args: '(id: $id, expectedVersion: 1)',
        variables: { id: (await recordedPlan(p)).taskId },
        side: 'recipient',
        discloses: true,
      }),
      'Mutation.dropSupportTask': async (p) => ({
        args: '(id: $id, expectedVersion: 1, reason: $reason)',
        variables: { id: (await recordedPlan(p)).taskId, reason: SECRET },
        side: 'recipient',
        discloses: true,
      }),
      'Mutation.setSupportPlanReview': async (p) => ({
        args: '(input: { personId: $personId, nextReviewOn: "2099-01-01", expectedVersion: 1 })',
        variables: { personId: (await recordedPlan(p)).personId },
        side: 'sender',
        discloses: true,
      }),
      'Mutation.postReferralMessage': async (p) => ({
        args: '(referralId: $id, body: $body)',
        variables: { id: await sentReferral(p, (await consentedPerson(p)).personId), body: SECRET },
        side: 'sender',
        discloses: true,
      }),
    };

    it('lists every root that reaches person data from the schema; each has a case below or a stated exemption', () => {
      const roots = [...personDataPaths(schema).keys()].sort();
      const covered = [...Object.keys(recipes), ...Object.keys(EXEMPT_ROOTS), 'Subscription.referralEvents'].sort();
      expect(roots).toEqual(covered);
    });

    it.each(Object.keys(recipes))(
      '%s: with persons:read answers, without it refuses every person-data path (FORBIDDEN) and discloses nothing',
      async (root) => {
        const paths = personDataPaths(schema).get(root)!;
        const [kind, field] = root.split('.');
        const selection = selectionOf(paths, schema);
        const operation = kind === 'Query' ? 'query' : 'mutation';

        const run = async (withScope: boolean) => {
          const p = await parties();
          const recipe = await recipes[root](p);
          const definitions = Object.keys(recipe.variables)
            .map((name) => `$${name}: ${name === 'id' || name.endsWith('Id') ? 'ID!' : 'String!'}`)
            .join(', ');
          const document = `${operation}${definitions ? ` (${definitions})` : ''} { ${field}${recipe.args} ${selection} }`;
          const caller = p[recipe.side];
          const response = await t.gql(document, {
            variables: recipe.variables,
            key: withScope ? caller.agency.key : caller.withoutPersonsRead,
          });
          return { response, recipe };
        };

        const allowed = await run(true);
        expect(allowed.response.body.errors).toBeUndefined();
        if (allowed.recipe.discloses) expect(markersIn(allowed.response.body).length).toBeGreaterThan(0);

        const refused = await run(false);
        expect(markersIn(refused.response.body)).toEqual([]);
        const errors = refused.response.body.errors ?? [];
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error.extensions).toEqual(
            expect.objectContaining({ code: 'FORBIDDEN', missingScopes: ['persons:read'] }),
          );
        }
      },
    );

    it('Subscription.referralEvents: the event note needs persons:read too', async () => {
      const paths = personDataPaths(schema).get('Subscription.referralEvents')!;
      expect(paths).toEqual([['referralEvents', 'note']]);
      const p = await parties();
      const bus: EventBus = createEventBus(t.config);
      try {
        const results = async (key: string) => {
          const client = wsClient(t.url, key);
          const received: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }[] = [];
          const iterator = client.iterate({ query: 'subscription { referralEvents { id type note } }' });
          const pump = (async () => {
            for await (const result of iterator) {
              received.push(result);
              break;
            }
          })();
          await new Promise((resolve) => setTimeout(resolve, 300));
          const id = randomUUID();
          const event: BusEvent = {
            id,
            type: 'referral.sent',
            agencyIds: [p.sender.agency.id, p.recipient.agency.id],
            occurredAt: new Date().toISOString(),
            payload: {
              eventId: id,
              type: 'referral.sent',
              referralId: randomUUID(),
              fromAgencyId: p.sender.agency.id,
              toAgencyId: p.recipient.agency.id,
              fromStatus: 'DRAFT',
              toStatus: 'REQUESTED',
              actorAgencyId: p.sender.agency.id,
            },
          };
          await publishStored(t, bus, event);
          await Promise.race([pump, new Promise((resolve) => setTimeout(resolve, 5000))]);
          await client.dispose();
          return received;
        };
        const [allowed] = await results(p.recipient.agency.key);
        expect(allowed.errors).toBeUndefined();
        expect(allowed.data).toEqual({ referralEvents: expect.objectContaining({ note: null }) });
        const [refused] = await results(p.recipient.withoutPersonsRead);
        expect(refused.errors).toEqual([
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'FORBIDDEN', missingScopes: ['persons:read'] }),
          }),
        ]);
      } finally {
        await closeEventBus(bus);
      }
    });
  });

  describe('free text after the basis is gone', () => {
    const FULL = /* GraphQL */ `
      query ($id: ID!) {
        referral(id: $id) {
          id
          status
          summary
          justification
          routingNote
          outcome
          closeReason
          redacted
          person {
            familyName
            givenName
            phone
            redacted
          }
          events {
            type
            note
            redacted
            actorAgency {
              id
            }
          }
          messages {
            body
            redacted
            fromAgency {
              id
            }
          }
        }
      }
    `;
    interface FullReferral {
      id: string;
      status: string;
      summary: string | null;
      redacted: string[];
      person: { familyName: string | null; redacted: string[] };
      events: { type: string; note: string | null; redacted: string[]; actorAgency: { id: string } | null }[];
      messages: { body: string | null; redacted: string[]; fromAgency: { id: string } }[];
    }
    const read = async (key: string, id: string) => t.gql<{ referral: FullReferral }>(FULL, { variables: { id }, key });
    const ALL_TEXT = ['summary', 'justification', 'outcome', 'closeReason', 'routingNote'];

    it('after withdrawal the recipient reads no free text (masked, listed in redacted, not audited), the reason never reaches it, no new messages; it may still decline', async () => {
      const p = await parties();
      const first = await party({ sector: 'DEBT' });
      const { personId, consentId } = await consentedPerson(p);
      await recordConsent(t, p.sender.agency, {
        personId,
        recipientAgencyId: first.agency.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
      // Sent first to another agency, which declines; forwarded to the recipient with a note naming the person.
      const toFirst = dataOf(
        await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
          variables: {
            input: referralInput(personId, first.agency.id, { summary: `${SECRET}の住まいの相談`, send: true }),
          },
          key: p.sender.agency.key,
        }),
        'createReferral',
      ).createReferral.id;
      await act(first.agency, 'declineReferral(id: $id, reason: NO_CAPACITY)', { id: toFirst });
      const forwarded = await t.gql<{ forwardReferral: { id: string } }>(
        'mutation ($id: ID!, $to: ID!, $note: String) { forwardReferral(id: $id, toAgencyId: $to, note: $note) { id } }',
        { variables: { id: toFirst, to: p.recipient.agency.id, note: `転送: ${SECRET}` }, key: p.sender.agency.key },
      );
      const referralId = dataOf(forwarded, 'forwardReferral').forwardReferral.id;
      await act(p.recipient.agency, 'acknowledgeReferral(id: $id)', { id: referralId });
      dataOf(await post(p.sender.agency, referralId, `${SECRET}の件、よろしくお願いします`), 'post');
      dataOf(await post(p.recipient.agency, referralId, '受け付けました'), 'post');

      // While the consent stands: everything is readable, and the read is audited once or twice, not per field.
      const before = dataOf(await read(p.recipient.agency.key, referralId), 'referral').referral;
      expect(before.summary).toContain(SECRET);
      expect(before.redacted).toEqual([]);
      expect(before.events.find((event) => event.type === 'CREATED')!.note).toContain(SECRET);
      expect(before.messages.map((message) => message.body)).toContain(`${SECRET}の件、よろしくお願いします`);
      const audited = await textAudits(p.recipient.agency.id, referralId);
      expect(audited.length).toBeGreaterThanOrEqual(1);
      expect(audited.length).toBeLessThanOrEqual(2);
      expect(audited.every((row) => row.basis[0].kind === 'REFERRAL')).toBe(true);

      await act(p.sender.agency, 'withdrawConsent(id: $id, reason: $reason)', {
        id: consentId,
        reason: `本人の申し出: ${SECRET}`,
      });

      const after = await read(p.recipient.agency.key, referralId);
      expect(after.body.errors).toBeUndefined();
      expect(markersIn(after.body)).toEqual([]);
      const masked = after.body.data!.referral;
      expect(masked.summary).toBeNull();
      expect([...masked.redacted].sort()).toEqual([...ALL_TEXT].sort());
      expect(masked.person.familyName).toBeNull();
      for (const event of masked.events) {
        const own = event.actorAgency?.id === p.recipient.agency.id;
        expect(event.redacted).toEqual(own ? [] : ['note']);
        if (!own) expect(event.note).toBeNull();
      }
      expect(masked.events.map((event) => event.type)).toContain('CONSENT_WITHDRAWN');
      const bySender = masked.messages.find((message) => message.fromAgency.id === p.sender.agency.id)!;
      expect(bySender).toEqual(expect.objectContaining({ body: null, redacted: ['body'] }));
      // Its own words stay its own.
      const own = masked.messages.find((message) => message.fromAgency.id === p.recipient.agency.id)!;
      expect(own).toEqual(expect.objectContaining({ body: '受け付けました', redacted: [] }));
      expect(await textAudits(p.recipient.agency.id, referralId)).toHaveLength(audited.length);

      // The consents of the person: not the recipient's to see any more; the reason stays with the sender.
      const consents = 'query ($personId: ID!) { consents(personId: $personId) { id withdrawalReason } }';
      expect(markersIn((await t.gql(consents, { variables: { personId }, key: p.recipient.agency.key })).body)).toEqual(
        [],
      );
      const senderConsents = await t.gql<{ consents: { id: string; withdrawalReason: string | null }[] }>(consents, {
        variables: { personId },
        key: p.sender.agency.key,
      });
      expect(dataOf(senderConsents, 'consents').consents.find((c) => c.id === consentId)!.withdrawalReason).toContain(
        SECRET,
      );

      // The sender keeps its view, and the history has no copy of the reason.
      const senderView = dataOf(await read(p.sender.agency.key, referralId), 'referral').referral;
      expect(senderView.summary).toContain(SECRET);
      const withdrawn = senderView.events.find((event) => event.type === 'CONSENT_WITHDRAWN')!;
      expect(withdrawn.note).toContain(consentId);
      expect(withdrawn.note).not.toContain('本人の申し出');
      expect(withdrawn.note).not.toContain(PHONE);

      // No new messages from either side, on the consent code with what is missing.
      for (const agency of [p.recipient.agency, p.sender.agency]) {
        const refused = await post(agency, referralId, `${SECRET}の件`);
        expect(refused.body.errors?.[0].extensions).toEqual(
          expect.objectContaining({
            code: 'CONSENT_REQUIRED',
            missing: expect.objectContaining({ reason: 'CONSENT_WITHDRAWN' }) as unknown,
          }),
        );
      }
      const count: { n: number }[] = await db.query(
        'SELECT count(*)::int AS n FROM referral_message WHERE referral_id = $1',
        [referralId],
      );
      expect(count[0].n).toBe(2);

      // The recipient closes the loop.
      const declined = await t.gql<{ declineReferral: { status: string } }>(
        'mutation ($id: ID!) { declineReferral(id: $id, reason: PERSON_DECLINED, note: "同意撤回のため") { status summary } }',
        { variables: { id: referralId }, key: p.recipient.agency.key },
      );
      expect(dataOf(declined, 'declineReferral').declineReferral).toEqual({ status: 'REJECTED', summary: null });
    });

    it('after expiry the recipient reads no free text and may not post, but completes the referral', async () => {
      const p = await parties();
      const { personId } = await consentedPerson(p, new Date(clock.now().getTime() + HOUR));
      const referralId = await sentReferral(p, personId);
      dataOf(await post(p.sender.agency, referralId, `${SECRET}への連絡は夕方に`), 'post');
      await act(p.recipient.agency, 'acceptReferral(id: $id)', { id: referralId });
      await act(p.recipient.agency, 'startReferral(id: $id)', { id: referralId });
      expect(markersIn((await read(p.recipient.agency.key, referralId)).body).length).toBeGreaterThan(0);

      clock.advance(2 * HOUR);
      const after = await read(p.recipient.agency.key, referralId);
      expect(after.body.errors).toBeUndefined();
      expect(markersIn(after.body)).toEqual([]);
      expect(after.body.data!.referral.redacted).toContain('summary');
      expect(after.body.data!.referral.messages[0]).toEqual(
        expect.objectContaining({ body: null, redacted: ['body'] }),
      );

      const refused = await post(p.recipient.agency, referralId, '確認しました');
      expect(refused.body.errors?.[0].extensions).toEqual(
        expect.objectContaining({
          code: 'CONSENT_REQUIRED',
          missing: expect.objectContaining({ reason: 'CONSENT_EXPIRED' }) as unknown,
        }),
      );

      const completed = await t.gql<{ completeReferral: { status: string } }>(
        'mutation ($id: ID!) { completeReferral(id: $id, outcome: "支援終了") { status } }',
        { variables: { id: referralId }, key: p.recipient.agency.key },
      );
      expect(dataOf(completed, 'completeReferral').completeReferral.status).toBe('COMPLETED');
    });

    it('after withdrawal the recipient may still fail a referral it had started', async () => {
      const p = await parties();
      const { personId, consentId } = await consentedPerson(p);
      const referralId = await sentReferral(p, personId);
      await act(p.recipient.agency, 'acceptReferral(id: $id)', { id: referralId });
      await act(p.recipient.agency, 'startReferral(id: $id)', { id: referralId });
      await act(p.sender.agency, 'withdrawConsent(id: $id)', { id: consentId });
      const failed = await t.gql<{ failReferral: { status: string } }>(
        'mutation ($id: ID!) { failReferral(id: $id, reason: "同意撤回") { status summary } }',
        { variables: { id: referralId }, key: p.recipient.agency.key },
      );
      expect(dataOf(failed, 'failReferral').failReferral).toEqual({ status: 'FAILED', summary: null });
    });
  });
});
