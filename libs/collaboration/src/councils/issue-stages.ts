import { CouncilBodyKind, RegionalIssueStage as Stage } from './council-enums.js';

/** Stages at which an issue is still being worked on by a body of the council. */
export const OPEN_STAGES: readonly Stage[] = [
  Stage.RAISED,
  Stage.STEERING,
  Stage.REGULAR,
  Stage.SUBCOMMITTEE,
  Stage.PLENARY,
];
/** What the council decided at its 全体会. */
export const OUTCOME_STAGES: readonly Stage[] = [
  Stage.RESOURCE_DEVELOPED,
  Stage.RESOURCE_IMPROVED,
  Stage.POLICY_PROPOSED,
];

/**
 * The moves of the pipeline (docs/collaboration.md "Stages"). Forward through the bodies, with the skips councils
 * make (運営会議 may send an issue straight to a 専門部会 or the 全体会), and the back-steps they make (a 専門部会
 * reports to the 定例会; the 全体会 sends an issue back to a 専門部会; a 専門部会 hands it to another). Outcomes only from the 全体会; CLOSED from any
 * open stage. Outcomes, CLOSED and MERGED are final.
 */
const NEXT: Record<Stage, readonly Stage[]> = {
  [Stage.RAISED]: [Stage.STEERING, Stage.REGULAR, Stage.CLOSED],
  [Stage.STEERING]: [Stage.REGULAR, Stage.SUBCOMMITTEE, Stage.PLENARY, Stage.CLOSED],
  [Stage.REGULAR]: [Stage.STEERING, Stage.SUBCOMMITTEE, Stage.PLENARY, Stage.CLOSED],
  // SUBCOMMITTEE → SUBCOMMITTEE hands the issue to another 専門部会 (one set up by a merge or split).
  [Stage.SUBCOMMITTEE]: [Stage.SUBCOMMITTEE, Stage.REGULAR, Stage.PLENARY, Stage.CLOSED],
  [Stage.PLENARY]: [Stage.SUBCOMMITTEE, ...OUTCOME_STAGES, Stage.CLOSED],
  [Stage.RESOURCE_DEVELOPED]: [],
  [Stage.RESOURCE_IMPROVED]: [],
  [Stage.POLICY_PROPOSED]: [],
  [Stage.CLOSED]: [],
  [Stage.MERGED]: [],
};

export function isOpenStage(stage: Stage): boolean {
  return OPEN_STAGES.includes(stage);
}

/** The stages an issue may be moved to next (MERGED is reached by mergeRegionalIssues only). */
export function allowedNextStages(stage: Stage): Stage[] {
  return [...NEXT[stage]];
}

/** The body kind whose meeting a move to `to` must name; null when no meeting is needed (CLOSED). */
export function meetingKindFor(to: Stage): CouncilBodyKind | null {
  switch (to) {
    case Stage.STEERING:
      return CouncilBodyKind.STEERING;
    case Stage.REGULAR:
      return CouncilBodyKind.REGULAR;
    case Stage.SUBCOMMITTEE:
      return CouncilBodyKind.SUBCOMMITTEE;
    case Stage.PLENARY:
    case Stage.RESOURCE_DEVELOPED:
    case Stage.RESOURCE_IMPROVED:
    case Stage.POLICY_PROPOSED:
      return CouncilBodyKind.PLENARY;
    case Stage.RAISED:
    case Stage.CLOSED:
    case Stage.MERGED:
      return null;
  }
}

/** Whether a move to `to` carries the issue to a body (whose id the issue then holds). */
export function isBodyStage(stage: Stage): boolean {
  return stage === Stage.STEERING || stage === Stage.REGULAR || stage === Stage.SUBCOMMITTEE || stage === Stage.PLENARY;
}

export type IssueMoveDecision =
  { kind: 'ok'; meetingKind: CouncilBodyKind | null } | { kind: 'invalid'; allowed: Stage[] };

/** Whether an issue at `from` may move to `to`, and which body's meeting the move must name. */
export function decideIssueMove(from: Stage, to: Stage): IssueMoveDecision {
  const allowed = allowedNextStages(from);
  if (!allowed.includes(to)) return { kind: 'invalid', allowed };
  return { kind: 'ok', meetingKind: meetingKindFor(to) };
}
