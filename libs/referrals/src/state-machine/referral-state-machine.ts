import { ReferralStatus } from '../dto/enums.js';

/**
 * The referral lifecycle (FHIR R4 Task status codes), as data. `TRANSITIONS` is the single source of truth;
 * every function below is derived from it.
 *
 *   DRAFT ──SEND──▶ REQUESTED ──ACKNOWLEDGE──▶ RECEIVED
 *   REQUESTED | RECEIVED ──ACCEPT──▶ ACCEPTED      REQUESTED | RECEIVED ──DECLINE──▶ REJECTED
 *   ACCEPTED | ON_HOLD ──START──▶ IN_PROGRESS ──HOLD──▶ ON_HOLD      IN_PROGRESS ──COMPLETE──▶ COMPLETED
 *   ACCEPTED | IN_PROGRESS | ON_HOLD ──FAIL──▶ FAILED                any open status ──CANCEL──▶ CANCELLED
 *
 * The sending agency sends and cancels; the receiving agency does everything else. Accepting or declining a
 * referral that was never acknowledged records the acknowledgement at the same instant. A status that no rule
 * leaves is terminal (REJECTED COMPLETED CANCELLED FAILED); forwarding a rejected referral creates a new
 * referral rather than moving this one. Repeating the transition a referral is already in, by the side that
 * performs it, is a no-op (the partner contract returns the referral unchanged).
 */

export enum ReferralAction {
  SEND = 'SEND',
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  START = 'START',
  HOLD = 'HOLD',
  COMPLETE = 'COMPLETE',
  FAIL = 'FAIL',
  CANCEL = 'CANCEL',
}

export enum ReferralSide {
  SENDER = 'SENDER',
  RECIPIENT = 'RECIPIENT',
}

export interface TransitionRule {
  action: ReferralAction;
  side: ReferralSide;
  from: readonly ReferralStatus[];
  to: ReferralStatus;
}

/** One rule per action, in lifecycle order (which is also the order of `allowed` lists). */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: ReferralAction.SEND,
    side: ReferralSide.SENDER,
    from: [ReferralStatus.DRAFT],
    to: ReferralStatus.REQUESTED,
  },
  {
    action: ReferralAction.ACKNOWLEDGE,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.REQUESTED],
    to: ReferralStatus.RECEIVED,
  },
  {
    action: ReferralAction.ACCEPT,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.REQUESTED, ReferralStatus.RECEIVED],
    to: ReferralStatus.ACCEPTED,
  },
  {
    action: ReferralAction.DECLINE,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.REQUESTED, ReferralStatus.RECEIVED],
    to: ReferralStatus.REJECTED,
  },
  {
    action: ReferralAction.START,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.ACCEPTED, ReferralStatus.ON_HOLD],
    to: ReferralStatus.IN_PROGRESS,
  },
  {
    action: ReferralAction.HOLD,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.IN_PROGRESS],
    to: ReferralStatus.ON_HOLD,
  },
  {
    action: ReferralAction.COMPLETE,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.IN_PROGRESS],
    to: ReferralStatus.COMPLETED,
  },
  {
    action: ReferralAction.FAIL,
    side: ReferralSide.RECIPIENT,
    from: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD],
    to: ReferralStatus.FAILED,
  },
  {
    action: ReferralAction.CANCEL,
    side: ReferralSide.SENDER,
    from: [
      ReferralStatus.DRAFT,
      ReferralStatus.REQUESTED,
      ReferralStatus.RECEIVED,
      ReferralStatus.ACCEPTED,
      ReferralStatus.IN_PROGRESS,
      ReferralStatus.ON_HOLD,
    ],
    to: ReferralStatus.CANCELLED,
  },
];

export type TransitionDecision =
  | { kind: 'apply'; from: ReferralStatus; to: ReferralStatus; acknowledgedNow: boolean }
  | { kind: 'noop'; status: ReferralStatus }
  | { kind: 'invalid'; from: ReferralStatus; allowed: ReferralStatus[] }
  | { kind: 'forbidden'; reason: string };

// Fails at import, not at the first request, if the table lost or repeated an action.
const RULE_BY_ACTION: ReadonlyMap<ReferralAction, TransitionRule> = (() => {
  const byAction = new Map<ReferralAction, TransitionRule>();
  for (const rule of TRANSITIONS) {
    if (byAction.has(rule.action)) throw new Error(`TRANSITIONS has more than one rule for ${rule.action}`);
    byAction.set(rule.action, rule);
  }
  for (const action of Object.values(ReferralAction)) {
    if (!byAction.has(action)) throw new Error(`TRANSITIONS has no rule for ${action}`);
  }
  return byAction;
})();

const OPEN_STATUSES: ReadonlySet<ReferralStatus> = new Set(TRANSITIONS.flatMap((rule) => rule.from));

const SIDE_LABEL: Record<ReferralSide, string> = {
  [ReferralSide.SENDER]: 'sending agency',
  [ReferralSide.RECIPIENT]: 'receiving agency',
};

function ruleFor(action: ReferralAction): TransitionRule {
  // RULE_BY_ACTION is checked to cover every action, so this only fails for a value outside the enum.
  const rule = RULE_BY_ACTION.get(action);
  if (!rule) throw new Error(`Unknown referral action: ${String(action)}`);
  return rule;
}

/**
 * The receiving side's first decision on a referral it never acknowledged shows it was received, so the
 * acknowledgement is recorded with the decision. ACKNOWLEDGE itself is that acknowledgement, not an extra one.
 */
function recordsAcknowledgement(from: ReferralStatus, rule: TransitionRule): boolean {
  const acknowledge = ruleFor(ReferralAction.ACKNOWLEDGE);
  return rule.action !== acknowledge.action && rule.side === acknowledge.side && acknowledge.from.includes(from);
}

/** The rule of an action: who performs it, from which statuses, to which. */
export function transitionRule(action: ReferralAction): TransitionRule {
  return ruleFor(action);
}

/** The statuses from which performing `action` also records the acknowledgement (see recordsAcknowledgement). */
export function acknowledgedFrom(action: ReferralAction): ReferralStatus[] {
  const rule = ruleFor(action);
  return rule.from.filter((from) => recordsAcknowledgement(from, rule));
}

/** The status an action leads to. */
export function targetStatus(action: ReferralAction): ReferralStatus {
  return ruleFor(action).to;
}

/** The statuses `side` could move a referral in `current` to, in lifecycle order (INVALID_TRANSITION's `allowed`). */
export function allowedNextStatuses(current: ReferralStatus, side: ReferralSide): ReferralStatus[] {
  const next = TRANSITIONS.filter((rule) => rule.side === side && rule.from.includes(current)).map((rule) => rule.to);
  return [...new Set(next)];
}

/** Checks, in order: forbidden (this side never performs the action) → noop → apply → invalid. */
export function decideTransition(
  current: ReferralStatus,
  action: ReferralAction,
  side: ReferralSide,
): TransitionDecision {
  const rule = ruleFor(action);
  if (rule.side !== side) {
    return { kind: 'forbidden', reason: `Only the ${SIDE_LABEL[rule.side]} can ${action} a referral.` };
  }
  if (current === rule.to) return { kind: 'noop', status: current };
  if (rule.from.includes(current)) {
    return { kind: 'apply', from: current, to: rule.to, acknowledgedNow: recordsAcknowledgement(current, rule) };
  }
  return { kind: 'invalid', from: current, allowed: allowedNextStatuses(current, side) };
}

/** Some transition still leaves this status. */
export function isOpen(status: ReferralStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** No transition leaves this status: REJECTED COMPLETED CANCELLED FAILED. */
export function isTerminal(status: ReferralStatus): boolean {
  return !isOpen(status);
}
