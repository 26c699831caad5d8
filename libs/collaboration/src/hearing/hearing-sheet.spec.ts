import { BadUserInputError } from '@tsunagu/platform';
import { PersonRelationKind } from './dto/person-relation.model.js';
import {
  HEARING_LIMITS,
  HEARING_QUESTIONS,
  HearingSheetGroup,
  hearingSheetItems,
  normalizeHearingAnswers,
  type HearingAnswerInput,
} from './hearing-sheet.js';

function refusal(answers: HearingAnswerInput[]): { field: unknown; reason: unknown; constraint: unknown } {
  try {
    normalizeHearingAnswers(answers);
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    return { field: error.details.field, reason: error.details.reason, constraint: error.details.constraint };
  }
  throw new Error('accepted');
}

describe('the hearing sheet (seed 1-12)', () => {
  it('has 13 items in three groups: 地域の関わり 1–5, 頼りになる資源 6–9, 本人のパワー 10–13', () => {
    expect(HEARING_QUESTIONS.map((question) => question.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const groupOf = (number: number) => HEARING_QUESTIONS[number - 1].group;
    expect([1, 2, 3, 4, 5].map(groupOf)).toEqual(Array(5).fill(HearingSheetGroup.COMMUNITY_TIES));
    expect([6, 7, 8, 9].map(groupOf)).toEqual(Array(4).fill(HearingSheetGroup.RELIABLE_RESOURCES));
    expect([10, 11, 12, 13].map(groupOf)).toEqual(Array(4).fill(HearingSheetGroup.PERSONAL_POWER));
    expect(HEARING_QUESTIONS[1].question).toContain('交友相手');
  });

  it('lists all 13 items with their questions and the stored answers, unanswered ones empty', () => {
    const items = hearingSheetItems([{ number: 6, text: '姉が週に一度来る', entries: [] }]);
    expect(items).toHaveLength(13);
    expect(items[5]).toEqual(
      expect.objectContaining({ number: 6, groupLabel: '頼りになる資源', text: '姉が週に一度来る', entries: [] }),
    );
    expect(items[0]).toEqual(
      expect.objectContaining({ number: 1, groupLabel: '地域の関わり', text: null, entries: [] }),
    );
  });
});

describe('normalizeHearingAnswers', () => {
  it('keeps answered items in item order, trims text and entries, and drops items left empty', () => {
    const answers = normalizeHearingAnswers([
      { number: 10, text: '  料理が得意で近所に配っている ' },
      {
        number: 2,
        text: null,
        entries: [{ label: ' 囲碁仲間の佐藤さん ', kind: PersonRelationKind.FRIEND, note: '  ' }],
      },
      { number: 5, text: '   ', entries: [] },
    ]);
    expect(answers).toEqual([
      {
        number: 2,
        text: null,
        entries: [{ label: '囲碁仲間の佐藤さん', kind: PersonRelationKind.FRIEND, note: null }],
      },
      { number: 10, text: '料理が得意で近所に配っている', entries: [] },
    ]);
  });

  it('refuses items outside 1–13 and an item answered twice, naming the answer', () => {
    expect(refusal([{ number: 0 }])).toEqual(
      expect.objectContaining({ field: 'answers.0.number', reason: 'UNKNOWN_HEARING_ITEM' }),
    );
    expect(refusal([{ number: 3, text: 'a' }, { number: 14 }])).toEqual(
      expect.objectContaining({ field: 'answers.1.number', reason: 'UNKNOWN_HEARING_ITEM' }),
    );
    expect(refusal([{ number: 1.5 }])).toEqual(expect.objectContaining({ field: 'answers.0.number' }));
    expect(
      refusal([
        { number: 4, text: 'a' },
        { number: 4, text: 'b' },
      ]),
    ).toEqual(expect.objectContaining({ field: 'answers.1.number', reason: 'DUPLICATE_ENTRY' }));
  });

  it('refuses blank entry labels, unknown kinds and text over the limits', () => {
    expect(refusal([{ number: 1, entries: [{ label: 'a' }, { label: '  ' }] }])).toEqual(
      expect.objectContaining({ field: 'answers.0.entries.1.label' }),
    );
    expect(refusal([{ number: 1, entries: [{ label: 'a', kind: 'CAT' as PersonRelationKind }] }])).toEqual(
      expect.objectContaining({ field: 'answers.0.entries.0.kind' }),
    );
    expect(refusal([{ number: 9, text: 'あ'.repeat(HEARING_LIMITS.text + 1) }])).toEqual(
      expect.objectContaining({ field: 'answers.0.text', constraint: 'maxLength' }),
    );
    const many = Array.from({ length: HEARING_LIMITS.entries + 1 }, (_, index) => ({ label: `人${index}` }));
    expect(refusal([{ number: 2, entries: many }])).toEqual(
      expect.objectContaining({ field: 'answers.0.entries', constraint: 'arrayMaxSize' }),
    );
    expect(refusal([{ number: 2, entries: [{ label: 'a', note: 'x'.repeat(HEARING_LIMITS.note + 1) }] }])).toEqual(
      expect.objectContaining({ field: 'answers.0.entries.0.note', constraint: 'maxLength' }),
    );
  });
});
