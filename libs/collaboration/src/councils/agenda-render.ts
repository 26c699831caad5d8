import { CouncilBodyKind, CouncilFunction, RegionalIssueStage } from './council-enums.js';
import { type SuppressibleCounts } from './evidence-counts.js';

export const STAGE_LABELS: Record<RegionalIssueStage, string> = {
  [RegionalIssueStage.RAISED]: '提起',
  [RegionalIssueStage.STEERING]: '運営会議',
  [RegionalIssueStage.REGULAR]: '定例会',
  [RegionalIssueStage.SUBCOMMITTEE]: '専門部会',
  [RegionalIssueStage.PLENARY]: '全体会',
  [RegionalIssueStage.RESOURCE_DEVELOPED]: '社会資源の開発',
  [RegionalIssueStage.RESOURCE_IMPROVED]: '社会資源の改善',
  [RegionalIssueStage.POLICY_PROPOSED]: '政策提言',
  [RegionalIssueStage.CLOSED]: '終結',
  [RegionalIssueStage.MERGED]: '統合',
};

export const FUNCTION_LABELS: Record<CouncilFunction, string> = {
  [CouncilFunction.EVALUATION]: '評価',
  [CouncilFunction.INFORMATION]: '情報',
  [CouncilFunction.COORDINATION]: '調整',
  [CouncilFunction.DEVELOPMENT]: '開発',
  [CouncilFunction.EDUCATION]: '教育',
  [CouncilFunction.ADVOCACY]: '権利擁護',
};

export const BODY_KIND_LABELS: Record<CouncilBodyKind, string> = {
  [CouncilBodyKind.STEERING]: '運営会議',
  [CouncilBodyKind.REGULAR]: '定例会',
  [CouncilBodyKind.SUBCOMMITTEE]: '専門部会',
  [CouncilBodyKind.PLENARY]: '全体会',
};

export interface AgendaMove {
  movedAt: Date;
  fromStage: RegionalIssueStage | null;
  toStage: RegionalIssueStage;
  bodyName: string | null;
  meetingTitle: string | null;
  meetingHeldOn: string | null;
  note: string | null;
}

export interface AgendaIssue {
  id: string;
  title: string;
  description: string | null;
  stage: RegionalIssueStage;
  needCategories: string[];
  municipalityCodes: string[];
  function: CouncilFunction;
  evidence: SuppressibleCounts;
  history: AgendaMove[];
  /** Moved at this very meeting (a decision taken there), rather than waiting at its body. */
  decidedHere: boolean;
}

export interface Agenda {
  councilName: string;
  bodyName: string;
  bodyKind: CouncilBodyKind;
  meetingId: string;
  heldOn: string;
  title: string;
  place: string | null;
  minCell: number;
  issues: AgendaIssue[];
}

export interface AgendaFile {
  filename: string;
  contentType: string;
  content: string;
}

const count = (value: number | null) => (value === null ? '—' : String(value));
/** A date of the history in JST (YYYY-MM-DD). */
const jstDate = (at: Date) => new Date(at.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
/** Free text on one Markdown line: no line breaks, no table pipes, no HTML. */
const inline = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[|<>]/g, (c) => `\\${c}`);

function moveLine(move: AgendaMove): string {
  const stages = `${move.fromStage ? `${STAGE_LABELS[move.fromStage]} → ` : ''}${STAGE_LABELS[move.toStage]}`;
  const where = move.meetingTitle
    ? `（${inline(move.meetingTitle)}）`
    : move.bodyName
      ? `（${inline(move.bodyName)}）`
      : '';
  const note = move.note ? `: ${inline(move.note)}` : '';
  return `${jstDate(move.movedAt)} ${stages}${where}${note}`;
}

function baseName(agenda: Agenda): string {
  return `council-agenda-${agenda.heldOn}-${agenda.meetingId.slice(0, 8)}`;
}

/** The agenda (議題一覧) as Markdown: one section per issue with its evidence counts and history. */
export function renderAgendaMarkdown(agenda: Agenda): AgendaFile {
  const lines = [
    `# ${inline(agenda.councilName)} ${inline(agenda.bodyName)}（${BODY_KIND_LABELS[agenda.bodyKind]}）`,
    '',
    `- 会議: ${inline(agenda.title)}`,
    `- 開催日: ${agenda.heldOn}`,
    ...(agenda.place ? [`- 場所: ${inline(agenda.place)}`] : []),
    `- 議題: ${agenda.issues.length}件`,
    '',
    `> 根拠は件数のみ（個人・個別支援会議・紹介は示さない）。${agenda.minCell}人未満のセルは秘匿（—）。`,
  ];
  if (agenda.issues.length === 0) lines.push('', '議題となる地域課題はありません。');
  agenda.issues.forEach((issue, index) => {
    const evidence = issue.evidence;
    lines.push(
      '',
      `## ${index + 1}. ${inline(issue.title)}`,
      '',
      `- 段階: ${STAGE_LABELS[issue.stage]}（${issue.stage}）${issue.decidedHere ? ' — この会議で決定' : ''}`,
      `- 機能: ${FUNCTION_LABELS[issue.function]}（${issue.function}）`,
      `- ニーズ: ${issue.needCategories.join(', ')}`,
      `- 地域: ${issue.municipalityCodes.join(', ')}`,
      ...(issue.description ? [`- 概要: ${inline(issue.description)}`] : []),
      '',
      '| 今できないこと | 人数 | 断られた紹介 | 秘匿 |',
      '| ---: | ---: | ---: | :---: |',
      `| ${count(evidence.itemCount)} | ${count(evidence.personCount)} | ${count(evidence.declinedReferralCount)} | ${evidence.suppressed ? 'はい' : 'いいえ'} |`,
      '',
      '経過:',
      '',
      ...issue.history.map((move) => `1. ${moveLine(move)}`),
    );
  });
  return {
    filename: `${baseName(agenda)}.md`,
    contentType: 'text/markdown; charset=utf-8',
    content: `${lines.join('\n')}\n`,
  };
}

/** One CSV field (RFC 4180); a leading =, +, - or @ is defused so that a spreadsheet does not run it. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AGENDA_CSV_COLUMNS = [
  'issue_id',
  'title',
  'stage',
  'stage_ja',
  'decided_here',
  'function',
  'need_categories',
  'municipality_codes',
  'item_count',
  'person_count',
  'declined_referral_count',
  'suppressed',
  'history',
] as const;

/**
 * The agenda as CSV, one row per issue; UTF-8 with a byte-order mark so that spreadsheet software reads the
 * Japanese text; CRLF line ends (RFC 4180). Suppressed counts are empty.
 */
export function renderAgendaCsv(agenda: Agenda): AgendaFile {
  const rows = agenda.issues.map((issue) =>
    [
      issue.id,
      issue.title,
      issue.stage,
      STAGE_LABELS[issue.stage],
      issue.decidedHere,
      issue.function,
      issue.needCategories.join(' '),
      issue.municipalityCodes.join(' '),
      issue.evidence.itemCount,
      issue.evidence.personCount,
      issue.evidence.declinedReferralCount,
      issue.evidence.suppressed,
      issue.history.map(moveLine).join(' / '),
    ]
      .map(csvField)
      .join(','),
  );
  return {
    filename: `${baseName(agenda)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    content: `\uFEFF${[AGENDA_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`,
  };
}
