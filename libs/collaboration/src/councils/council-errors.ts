import { DomainError, ErrorCode } from '@tsunagu/platform';
import { type RegionalIssueStage } from './council-enums.js';

/** A move the stage pipeline does not allow: `current`, `attempted` and `allowed`, as for referrals. */
export class RegionalIssueTransitionError extends DomainError {
  constructor(current: RegionalIssueStage, attempted: RegionalIssueStage, allowed: RegionalIssueStage[]) {
    super(
      ErrorCode.INVALID_TRANSITION,
      `A regional issue at ${current} cannot move to ${attempted}; allowed next: ${allowed.join(', ') || 'none'}`,
      { current, attempted, allowed },
    );
  }
}
