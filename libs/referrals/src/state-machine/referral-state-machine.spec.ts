import { ReferralStatus } from '../dto/enums.js';
import {
  allowedNextStatuses,
  decideTransition,
  isOpen,
  isTerminal,
  ReferralAction,
  ReferralSide,
  targetStatus,
  TRANSITIONS,
  type TransitionDecision,
} from './referral-state-machine.js';

// The expectations below are written out by hand, not derived from TRANSITIONS, so that any change to the
// lifecycle table has to be made here too.

const STATUSES = Object.values(ReferralStatus);
const ACTIONS = Object.values(ReferralAction);
const SIDES = Object.values(ReferralSide);
const { SENDER, RECIPIENT } = ReferralSide;
const S = ReferralStatus;

const TERMINAL = [S.REJECTED, S.COMPLETED, S.CANCELLED, S.FAILED];

/** The side that performs each action; the other side is always `forbidden`. */
const ACTOR: Record<ReferralAction, ReferralSide> = {
  SEND: SENDER,
  ACKNOWLEDGE: RECIPIENT,
  ACCEPT: RECIPIENT,
  DECLINE: RECIPIENT,
  START: RECIPIENT,
  HOLD: RECIPIENT,
  COMPLETE: RECIPIENT,
  FAIL: RECIPIENT,
  CANCEL: SENDER,
};

const TARGET: Record<ReferralAction, ReferralStatus> = {
  SEND: S.REQUESTED,
  ACKNOWLEDGE: S.RECEIVED,
  ACCEPT: S.ACCEPTED,
  DECLINE: S.REJECTED,
  START: S.IN_PROGRESS,
  HOLD: S.ON_HOLD,
  COMPLETE: S.COMPLETED,
  FAIL: S.FAILED,
  CANCEL: S.CANCELLED,
};

/**
 * What the acting side gets, per status and action.
 *   A  apply           K  apply, recording the acknowledgement too
 *   =  noop            .  invalid
 */
const GRID = `
              SEND  ACKNOWLEDGE  ACCEPT  DECLINE  START  HOLD  COMPLETE  FAIL  CANCEL
DRAFT         A     .            .       .        .      .     .         .     A
REQUESTED     =     A            K       K        .      .     .         .     A
RECEIVED      .     =            A       A        .      .     .         .     A
ACCEPTED      .     .            =       .        A      .     .         A     A
REJECTED      .     .            .       =        .      .     .         .     .
IN_PROGRESS   .     .            .       .        =      A     A         A     A
ON_HOLD       .     .            .       .        A      =     .         A     A
COMPLETED     .     .            .       .        .      .     =         .     .
CANCELLED     .     .            .       .        .      .     .         .     =
FAILED        .     .            .       .        .      .     .         =     .
`;

/** Where each side can move a referral from each status, in lifecycle order (INVALID_TRANSITION's `allowed`). */
const ALLOWED: Record<ReferralSide, Record<ReferralStatus, ReferralStatus[]>> = {
  SENDER: {
    DRAFT: [S.REQUESTED, S.CANCELLED],
    REQUESTED: [S.CANCELLED],
    RECEIVED: [S.CANCELLED],
    ACCEPTED: [S.CANCELLED],
    IN_PROGRESS: [S.CANCELLED],
    ON_HOLD: [S.CANCELLED],
    REJECTED: [],
    COMPLETED: [],
    CANCELLED: [],
    FAILED: [],
  },
  RECIPIENT: {
    DRAFT: [],
    REQUESTED: [S.RECEIVED, S.ACCEPTED, S.REJECTED],
    RECEIVED: [S.ACCEPTED, S.REJECTED],
    ACCEPTED: [S.IN_PROGRESS, S.FAILED],
    IN_PROGRESS: [S.ON_HOLD, S.COMPLETED, S.FAILED],
    ON_HOLD: [S.IN_PROGRESS, S.FAILED],
    REJECTED: [],
    COMPLETED: [],
    CANCELLED: [],
    FAILED: [],
  },
};

type Cell = 'A' | 'K' | '=' | '.';

function parseGrid(grid: string): Map<ReferralStatus, Map<ReferralAction, Cell>> {
  const [header, ...rows] = grid
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  expect(header).toEqual(ACTIONS);
  const parsed = new Map<ReferralStatus, Map<ReferralAction, Cell>>();
  for (const [status, ...cells] of rows) {
    expect(STATUSES).toContain(status);
    expect(cells).toHaveLength(ACTIONS.length);
    for (const cell of cells) expect(['A', 'K', '=', '.']).toContain(cell);
    parsed.set(status as ReferralStatus, new Map(ACTIONS.map((action, i) => [action, cells[i] as Cell])));
  }
  expect([...parsed.keys()].sort()).toEqual([...STATUSES].sort());
  return parsed;
}

const EXPECTED_CELLS = parseGrid(GRID);

function expectedDecision(status: ReferralStatus, action: ReferralAction, side: ReferralSide): TransitionDecision {
  if (side !== ACTOR[action]) return { kind: 'forbidden', reason: expect.any(String) as string };
  switch (EXPECTED_CELLS.get(status)!.get(action)!) {
    case 'A':
      return { kind: 'apply', from: status, to: TARGET[action], acknowledgedNow: false };
    case 'K':
      return { kind: 'apply', from: status, to: TARGET[action], acknowledgedNow: true };
    case '=':
      return { kind: 'noop', status };
    case '.':
      return { kind: 'invalid', from: status, allowed: ALLOWED[side][status] };
  }
}

const EVERY_COMBINATION = STATUSES.flatMap((status) =>
  ACTIONS.flatMap((action) =>
    SIDES.map((side) => {
      const expected = expectedDecision(status, action, side);
      return { status, action, side, expected, kind: expected.kind };
    }),
  ),
);

describe('decideTransition', () => {
  it('is checked for every status, action and side', () => {
    expect(EVERY_COMBINATION).toHaveLength(10 * 9 * 2);
  });

  it.each(EVERY_COMBINATION)('$action by the $side on $status is $kind', ({ status, action, side, expected }) => {
    expect(decideTransition(status, action, side)).toEqual(expected);
  });

  it('names the side that may perform the action when forbidding it', () => {
    expect(decideTransition(S.REQUESTED, ReferralAction.CANCEL, RECIPIENT)).toEqual({
      kind: 'forbidden',
      reason: 'Only the sending agency can CANCEL a referral.',
    });
    expect(decideTransition(S.RECEIVED, ReferralAction.ACCEPT, SENDER)).toEqual({
      kind: 'forbidden',
      reason: 'Only the receiving agency can ACCEPT a referral.',
    });
  });

  it('forbids the other side even when repeating the current transition would be a no-op', () => {
    expect(decideTransition(S.CANCELLED, ReferralAction.CANCEL, RECIPIENT).kind).toBe('forbidden');
    expect(decideTransition(S.ACCEPTED, ReferralAction.ACCEPT, SENDER).kind).toBe('forbidden');
  });

  it('treats a repeated transition by the same side as a no-op, even into a terminal status', () => {
    expect(decideTransition(S.RECEIVED, ReferralAction.ACKNOWLEDGE, RECIPIENT)).toEqual({
      kind: 'noop',
      status: S.RECEIVED,
    });
    expect(decideTransition(S.REQUESTED, ReferralAction.SEND, SENDER)).toEqual({ kind: 'noop', status: S.REQUESTED });
    expect(decideTransition(S.CANCELLED, ReferralAction.CANCEL, SENDER)).toEqual({
      kind: 'noop',
      status: S.CANCELLED,
    });
  });

  it('resumes a referral on hold with START', () => {
    expect(decideTransition(S.ON_HOLD, ReferralAction.START, RECIPIENT)).toEqual({
      kind: 'apply',
      from: S.ON_HOLD,
      to: S.IN_PROGRESS,
      acknowledgedNow: false,
    });
  });

  it('reports where the side could go instead of an invalid transition', () => {
    expect(decideTransition(S.REQUESTED, ReferralAction.START, RECIPIENT)).toEqual({
      kind: 'invalid',
      from: S.REQUESTED,
      allowed: [S.RECEIVED, S.ACCEPTED, S.REJECTED],
    });
    expect(decideTransition(S.COMPLETED, ReferralAction.FAIL, RECIPIENT)).toEqual({
      kind: 'invalid',
      from: S.COMPLETED,
      allowed: [],
    });
  });

  it('records the acknowledgement only when ACCEPT or DECLINE skips RECEIVED', () => {
    const acknowledging = EVERY_COMBINATION.map(({ status, action, side }) => ({
      status,
      action,
      decision: decideTransition(status, action, side),
    }))
      .filter(({ decision }) => decision.kind === 'apply' && decision.acknowledgedNow)
      .map(({ status, action }) => [status, action]);
    expect(acknowledging).toEqual([
      [S.REQUESTED, ReferralAction.ACCEPT],
      [S.REQUESTED, ReferralAction.DECLINE],
    ]);
  });
});

describe('allowedNextStatuses', () => {
  it.each([
    [S.DRAFT, SENDER, [S.REQUESTED, S.CANCELLED]],
    [S.REQUESTED, SENDER, [S.CANCELLED]],
    [S.REQUESTED, RECIPIENT, [S.RECEIVED, S.ACCEPTED, S.REJECTED]],
    [S.RECEIVED, RECIPIENT, [S.ACCEPTED, S.REJECTED]],
    [S.IN_PROGRESS, RECIPIENT, [S.ON_HOLD, S.COMPLETED, S.FAILED]],
    [S.ON_HOLD, SENDER, [S.CANCELLED]],
    [S.DRAFT, RECIPIENT, []],
    [S.COMPLETED, SENDER, []],
    [S.COMPLETED, RECIPIENT, []],
  ])('from %s, the %s can move to %j', (status, side, expected) => {
    expect(allowedNextStatuses(status, side)).toEqual(expected);
  });

  it.each(STATUSES.flatMap((status) => SIDES.map((side) => ({ status, side }))))(
    'matches the expectation table for the $side on $status',
    ({ status, side }) => {
      expect(allowedNextStatuses(status, side)).toEqual(ALLOWED[side][status]);
    },
  );
});

describe('targetStatus', () => {
  it.each(ACTIONS)('leads %s to its FHIR status', (action) => {
    expect(targetStatus(action)).toBe(TARGET[action]);
  });
});

describe('isOpen and isTerminal', () => {
  it('mark exactly REJECTED, COMPLETED, CANCELLED and FAILED as terminal', () => {
    expect(STATUSES.filter(isTerminal).sort()).toEqual([...TERMINAL].sort());
  });

  it.each(STATUSES)('partition the statuses: %s is exactly one of open or terminal', (status) => {
    const terminal = TERMINAL.includes(status);
    expect(isTerminal(status)).toBe(terminal);
    expect(isOpen(status)).toBe(!terminal);
  });
});

describe('the lifecycle', () => {
  it('has exactly one rule per action', () => {
    expect(TRANSITIONS.map((rule) => rule.action).sort()).toEqual([...ACTIONS].sort());
  });

  it('reaches every status from DRAFT', () => {
    const reached = new Set<ReferralStatus>([S.DRAFT]);
    const queue: ReferralStatus[] = [S.DRAFT];
    for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
      for (const action of ACTIONS) {
        for (const side of SIDES) {
          const decision = decideTransition(status, action, side);
          if (decision.kind === 'apply' && !reached.has(decision.to)) {
            reached.add(decision.to);
            queue.push(decision.to);
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...STATUSES].sort());
  });

  it.each(TERMINAL)('never leaves the terminal status %s', (status) => {
    for (const action of ACTIONS) {
      for (const side of SIDES) expect(decideTransition(status, action, side).kind).not.toBe('apply');
    }
    for (const side of SIDES) expect(allowedNextStatuses(status, side)).toEqual([]);
    expect(TRANSITIONS.filter((rule) => rule.from.includes(status))).toEqual([]);
  });
});
