/**
 * The 13-item hearing sheet for changing the community (地域変革のためのヒアリングシート, seed 1-12): finding the
 * community's resources and possibilities from the person's own point of view. Pure: no Nest, no database.
 */
import { BadUserInputError } from '@tsunagu/platform';
import { PERSON_RELATION_KINDS, type PersonRelationKind } from './dto/person-relation.model.js';

export enum HearingSheetGroup {
  /** 地域の関わり (items 1–5) */
  COMMUNITY_TIES = 'COMMUNITY_TIES',
  /** 頼りになる資源 (items 6–9) */
  RELIABLE_RESOURCES = 'RELIABLE_RESOURCES',
  /** 本人のパワー (items 10–13) */
  PERSONAL_POWER = 'PERSONAL_POWER',
}

export const HEARING_GROUP_LABELS: Record<HearingSheetGroup, string> = {
  [HearingSheetGroup.COMMUNITY_TIES]: '地域の関わり',
  [HearingSheetGroup.RELIABLE_RESOURCES]: '頼りになる資源',
  [HearingSheetGroup.PERSONAL_POWER]: '本人のパワー',
};

export interface HearingQuestion {
  number: number;
  group: HearingSheetGroup;
  question: string;
}

const { COMMUNITY_TIES, RELIABLE_RESOURCES, PERSONAL_POWER } = HearingSheetGroup;

/** The questions, in the seed's words. */
export const HEARING_QUESTIONS: readonly HearingQuestion[] = [
  {
    number: 1,
    group: COMMUNITY_TIES,
    question: '本人が参加・所属している地域組織または参加したがっている組織について',
  },
  { number: 2, group: COMMUNITY_TIES, question: '本人の交友相手〈友達〉について' },
  { number: 3, group: COMMUNITY_TIES, question: '本人が所属している当事者組織について' },
  { number: 4, group: COMMUNITY_TIES, question: '本人に(福祉的に)関わっている人や組織・企業〈商店〉・隣人について' },
  {
    number: 5,
    group: COMMUNITY_TIES,
    question:
      '本人が見込んでいる相手〈相談に乗ってくれたり、困った時助けてくれる人〉行きつけの商店・診療所の医師・隣人について',
  },
  { number: 6, group: RELIABLE_RESOURCES, question: '本人の親族で、利用者が頼みにしている相手について' },
  { number: 7, group: RELIABLE_RESOURCES, question: '本人の〈これから戻る〉近隣は、利用者にとっていい近隣か' },
  { number: 8, group: RELIABLE_RESOURCES, question: '本人の周囲で、活用できそうな福祉資源はあるか' },
  {
    number: 9,
    group: RELIABLE_RESOURCES,
    question: '本人にとって「隠れた資源」となっているもの〈利用者を元気にさせているもの〉について',
  },
  { number: 10, group: PERSONAL_POWER, question: '本人は地域に対して、どんな資源性を有しているか' },
  { number: 11, group: PERSONAL_POWER, question: '本人にとっての資源同士のネットワークの状況はどうか' },
  { number: 12, group: PERSONAL_POWER, question: '本人の自宅〈居住場所〉は' },
  {
    number: 13,
    group: PERSONAL_POWER,
    question:
      '本人のセルフケアマネジメント能力〈自分の状態を正確に把握・ハンディの中身も客観的に把握・その克服策の工夫・必要な資源を発掘・活用する資質等〉の評価',
  },
];

/** A structured entry of an answer: someone or something the item names (a friend, an organisation, a shop). */
export interface HearingEntry {
  label: string;
  kind: PersonRelationKind | null;
  note: string | null;
}

/** One answered item, as stored. */
export interface HearingAnswer {
  number: number;
  text: string | null;
  entries: HearingEntry[];
}

export const HEARING_LIMITS = { text: 4000, entries: 20, label: 100, note: 1000 } as const;

/** An answer as the API receives it (lengths of single strings are already checked by the input types). */
export interface HearingAnswerInput {
  number: number;
  text?: string | null;
  entries?: { label: string; kind?: PersonRelationKind | null; note?: string | null }[] | null;
}

/**
 * The answers to store: each item at most once, numbered 1–13, entries with a non-blank label; blank text
 * becomes null and items left with neither text nor entries are dropped (the whole sheet is replaced).
 * Bad input is `BAD_USER_INPUT` with the path of the offending value.
 */
export function normalizeHearingAnswers(answers: readonly HearingAnswerInput[], field = 'answers'): HearingAnswer[] {
  const seen = new Set<number>();
  const result: HearingAnswer[] = [];
  answers.forEach((answer, index) => {
    const at = `${field}.${index}`;
    if (!Number.isInteger(answer.number) || answer.number < 1 || answer.number > HEARING_QUESTIONS.length) {
      throw new BadUserInputError(`${at}.number`, 'The hearing sheet has items 1 to 13', {
        reason: 'UNKNOWN_HEARING_ITEM',
      });
    }
    if (seen.has(answer.number)) {
      throw new BadUserInputError(`${at}.number`, `Item ${answer.number} is answered twice`, {
        reason: 'DUPLICATE_ENTRY',
      });
    }
    seen.add(answer.number);
    const text = answer.text?.trim() ? answer.text.trim() : null;
    if (text !== null && text.length > HEARING_LIMITS.text) {
      throw new BadUserInputError(`${at}.text`, `At most ${HEARING_LIMITS.text} characters`, {
        constraint: 'maxLength',
      });
    }
    const entries = answer.entries ?? [];
    if (entries.length > HEARING_LIMITS.entries) {
      throw new BadUserInputError(`${at}.entries`, `At most ${HEARING_LIMITS.entries} entries per item`, {
        constraint: 'arrayMaxSize',
      });
    }
    const normalized = entries.map((entry, entryIndex): HearingEntry => {
      const entryAt = `${at}.entries.${entryIndex}`;
      const label = entry.label.trim();
      if (label.length === 0) throw new BadUserInputError(`${entryAt}.label`, 'The label must not be blank');
      if (label.length > HEARING_LIMITS.label) {
        throw new BadUserInputError(`${entryAt}.label`, `At most ${HEARING_LIMITS.label} characters`, {
          constraint: 'maxLength',
        });
      }
      if (entry.kind != null && !PERSON_RELATION_KINDS.includes(entry.kind)) {
        throw new BadUserInputError(`${entryAt}.kind`, 'Unknown relation kind');
      }
      const note = entry.note?.trim() ? entry.note.trim() : null;
      if (note !== null && note.length > HEARING_LIMITS.note) {
        throw new BadUserInputError(`${entryAt}.note`, `At most ${HEARING_LIMITS.note} characters`, {
          constraint: 'maxLength',
        });
      }
      return { label, kind: entry.kind ?? null, note };
    });
    if (text !== null || normalized.length > 0) result.push({ number: answer.number, text, entries: normalized });
  });
  return result.sort((a, b) => a.number - b.number);
}

export interface HearingSheetItemView extends HearingQuestion {
  groupLabel: string;
  text: string | null;
  entries: HearingEntry[];
}

/** All 13 items in order, each with its question and the stored answer (empty when unanswered). */
export function hearingSheetItems(answers: readonly HearingAnswer[]): HearingSheetItemView[] {
  return HEARING_QUESTIONS.map((question) => {
    const answer = answers.find((candidate) => candidate.number === question.number);
    return {
      ...question,
      groupLabel: HEARING_GROUP_LABELS[question.group],
      text: answer?.text ?? null,
      entries: answer?.entries ?? [],
    };
  });
}
