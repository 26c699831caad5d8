import { DomainError, ErrorCode } from '@tsunagu/platform';
import { type Missing } from '@tsunagu/consent';
import { type ReferralStatus } from '../dto/enums.js';

export class InvalidTransitionError extends DomainError {
  constructor(current: ReferralStatus, attempted: string, allowed: ReferralStatus[], reason?: string) {
    super(
      ErrorCode.INVALID_TRANSITION,
      reason ??
        `A referral in ${current} cannot be moved by ${attempted}; allowed next: ${allowed.join(', ') || 'none'}`,
      { current, attempted, allowed },
    );
  }
}

export class ConsentRequiredError extends DomainError {
  constructor(missing: Missing | { reason: string; categories: string[] }) {
    super(ErrorCode.CONSENT_REQUIRED, `No consent or legal basis covers this disclosure (${missing.reason})`, {
      missing,
    });
  }
}
