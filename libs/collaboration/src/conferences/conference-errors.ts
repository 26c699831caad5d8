import { type Missing } from '@tsunagu/consent';
import { DomainError, ErrorCode } from '@tsunagu/platform';
import { type CaseConferenceStatus } from './conference-enums.js';

export class ConferenceTransitionError extends DomainError {
  constructor(current: CaseConferenceStatus, attempted: string, allowed: CaseConferenceStatus[]) {
    super(
      ErrorCode.INVALID_TRANSITION,
      `A case conference in ${current} cannot be moved by ${attempted}; allowed next: ${allowed.join(', ') || 'none'}`,
      { current, attempted, allowed },
    );
  }
}

/** As createReferral's: what lacks cover, for the agency it would be shared with. */
export class ConferenceConsentRequiredError extends DomainError {
  constructor(missing: Missing | { reason: string; categories: string[] }) {
    super(ErrorCode.CONSENT_REQUIRED, `No consent or legal basis covers this disclosure (${missing.reason})`, {
      missing,
    });
  }
}
