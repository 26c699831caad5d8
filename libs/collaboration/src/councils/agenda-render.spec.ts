import { csvField, renderAgendaCsv, renderAgendaMarkdown, type Agenda, type AgendaIssue } from './agenda-render.js';
import { CouncilBodyKind, CouncilFunction, RegionalIssueStage } from './council-enums.js';

const issue = (overrides: Partial<AgendaIssue> = {}): AgendaIssue => ({
  id: '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b',
  title: '障害のある人の金銭管理の支援',
  description: '身近な場所で\n家計の相談と見守りを続ける仕組みがない',
  stage: RegionalIssueStage.STEERING,
  needCategories: ['DEBT', 'DAILY_LIVING'],
  municipalityCodes: ['231100'],
  function: CouncilFunction.DEVELOPMENT,
  evidence: { itemCount: 3, personCount: 3, declinedReferralCount: 1, suppressed: false },
  history: [
    {
      movedAt: new Date('2026-04-30T23:00:00Z'),
      fromStage: null,
      toStage: RegionalIssueStage.RAISED,
      bodyName: null,
      meetingTitle: null,
      meetingHeldOn: null,
      note: null,
    },
    {
      movedAt: new Date('2026-05-08T01:00:00Z'),
      fromStage: RegionalIssueStage.RAISED,
      toStage: RegionalIssueStage.STEERING,
      bodyName: '運営会議',
      meetingTitle: '第2回 運営会議',
      meetingHeldOn: '2026-05-08',
      note: '専門部会で検討',
    },
  ],
  decidedHere: true,
  ...overrides,
});

const agenda = (issues: AgendaIssue[]): Agenda => ({
  councilName: '中川区地域自立支援協議会',
  bodyName: '運営会議',
  bodyKind: CouncilBodyKind.STEERING,
  meetingId: 'a1b2c3d4-0000-4000-8000-000000000000',
  heldOn: '2026-05-08',
  title: '第2回 運営会議',
  place: '中川区役所',
  minCell: 3,
  issues,
});

describe('council agenda rendering', () => {
  it('writes Markdown with the meeting, each issue’s counts and its history in JST dates', () => {
    const file = renderAgendaMarkdown(agenda([issue()]));
    expect(file.filename).toBe('council-agenda-2026-05-08-a1b2c3d4.md');
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    expect(file.content).toContain('# 中川区地域自立支援協議会 運営会議（運営会議）');
    expect(file.content).toContain('## 1. 障害のある人の金銭管理の支援');
    expect(file.content).toContain('- 段階: 運営会議（STEERING） — この会議で決定');
    expect(file.content).toContain('- 機能: 開発（DEVELOPMENT）');
    expect(file.content).toContain('- 概要: 身近な場所で 家計の相談と見守りを続ける仕組みがない');
    expect(file.content).toContain('| 3 | 3 | 1 | いいえ |');
    expect(file.content).toContain('1. 2026-05-01 提起');
    expect(file.content).toContain('1. 2026-05-08 提起 → 運営会議（第2回 運営会議）: 専門部会で検討');
  });

  it('shows suppressed counts as — in Markdown and empty in CSV', () => {
    const hidden = issue({
      evidence: { itemCount: null, personCount: null, declinedReferralCount: null, suppressed: true },
    });
    expect(renderAgendaMarkdown(agenda([hidden])).content).toContain('| — | — | — | はい |');
    const [, row] = renderAgendaCsv(agenda([hidden])).content.split('\r\n');
    expect(row.split(',').slice(8, 12)).toEqual(['', '', '', 'true']);
  });

  it('says so when there is nothing on the agenda', () => {
    expect(renderAgendaMarkdown(agenda([])).content).toContain('議題となる地域課題はありません。');
  });

  it('writes CSV with a BOM, a header, CRLF and quoted fields', () => {
    const file = renderAgendaCsv(agenda([issue({ title: '居場所, "夜間"' })]));
    expect(file.filename).toBe('council-agenda-2026-05-08-a1b2c3d4.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.content.startsWith('\uFEFFissue_id,title,stage,stage_ja,')).toBe(true);
    const lines = file.content.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toContain('"居場所, ""夜間"""');
    expect(lines[1]).toContain(',STEERING,運営会議,true,DEVELOPMENT,DEBT DAILY_LIVING,231100,3,3,1,false,');
  });

  it('defuses spreadsheet formulas in CSV fields', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });
});
