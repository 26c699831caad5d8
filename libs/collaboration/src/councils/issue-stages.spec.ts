import { CouncilBodyKind, RegionalIssueStage as Stage } from './council-enums.js';
import { allowedNextStages, decideIssueMove, isOpenStage, meetingKindFor, OPEN_STAGES } from './issue-stages.js';

describe('regional issue stages', () => {
  it('walks the whole pipeline forward, each step at the body of the target stage', () => {
    const path = [Stage.RAISED, Stage.STEERING, Stage.REGULAR, Stage.SUBCOMMITTEE, Stage.PLENARY];
    for (let index = 1; index < path.length; index++) {
      expect(decideIssueMove(path[index - 1], path[index])).toEqual({
        kind: 'ok',
        meetingKind: path[index] as string as CouncilBodyKind,
      });
    }
  });

  it.each([
    [Stage.STEERING, Stage.SUBCOMMITTEE],
    [Stage.STEERING, Stage.PLENARY],
    [Stage.RAISED, Stage.REGULAR],
    [Stage.SUBCOMMITTEE, Stage.REGULAR],
    [Stage.REGULAR, Stage.STEERING],
    [Stage.PLENARY, Stage.SUBCOMMITTEE],
    [Stage.SUBCOMMITTEE, Stage.SUBCOMMITTEE],
  ])('allows the skip or back-step %s → %s', (from, to) => {
    expect(decideIssueMove(from, to).kind).toBe('ok');
  });

  it('reaches an outcome only from the 全体会, at a PLENARY meeting', () => {
    for (const outcome of [Stage.RESOURCE_DEVELOPED, Stage.RESOURCE_IMPROVED, Stage.POLICY_PROPOSED]) {
      expect(decideIssueMove(Stage.PLENARY, outcome)).toEqual({ kind: 'ok', meetingKind: CouncilBodyKind.PLENARY });
      for (const from of OPEN_STAGES.filter((stage) => stage !== Stage.PLENARY)) {
        expect(decideIssueMove(from, outcome).kind).toBe('invalid');
      }
    }
  });

  it('closes from every open stage without a meeting', () => {
    for (const from of OPEN_STAGES) {
      expect(decideIssueMove(from, Stage.CLOSED)).toEqual({ kind: 'ok', meetingKind: null });
    }
  });

  it('refuses RAISED → SUBCOMMITTEE and staying put, naming what is allowed', () => {
    expect(decideIssueMove(Stage.RAISED, Stage.SUBCOMMITTEE)).toEqual({
      kind: 'invalid',
      allowed: [Stage.STEERING, Stage.REGULAR, Stage.CLOSED],
    });
    expect(decideIssueMove(Stage.STEERING, Stage.STEERING).kind).toBe('invalid');
  });

  it('never moves back to RAISED, nor to MERGED (that is mergeRegionalIssues)', () => {
    for (const from of Object.values(Stage)) {
      expect(allowedNextStages(from)).not.toContain(Stage.RAISED);
      expect(allowedNextStages(from)).not.toContain(Stage.MERGED);
    }
  });

  it('keeps outcomes, CLOSED and MERGED final', () => {
    for (const stage of [
      Stage.RESOURCE_DEVELOPED,
      Stage.RESOURCE_IMPROVED,
      Stage.POLICY_PROPOSED,
      Stage.CLOSED,
      Stage.MERGED,
    ]) {
      expect(isOpenStage(stage)).toBe(false);
      expect(allowedNextStages(stage)).toEqual([]);
    }
  });

  it('names no meeting kind for RAISED, CLOSED and MERGED', () => {
    expect(meetingKindFor(Stage.RAISED)).toBeNull();
    expect(meetingKindFor(Stage.CLOSED)).toBeNull();
    expect(meetingKindFor(Stage.MERGED)).toBeNull();
  });
});
