import { registerEnumType } from '@nestjs/graphql';

/** FHIR R4 Task status codes. */
export enum ReferralStatus {
  DRAFT = 'DRAFT',
  REQUESTED = 'REQUESTED',
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  IN_PROGRESS = 'IN_PROGRESS',
  ON_HOLD = 'ON_HOLD',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
}

export enum DeclineReason {
  NO_CAPACITY = 'NO_CAPACITY',
  OUT_OF_AREA = 'OUT_OF_AREA',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  SERVICE_NOT_AVAILABLE = 'SERVICE_NOT_AVAILABLE',
  DUPLICATE = 'DUPLICATE',
  PERSON_DECLINED = 'PERSON_DECLINED',
  OTHER = 'OTHER',
}

export enum Box {
  INBOX = 'INBOX',
  OUTBOX = 'OUTBOX',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus', description: 'FHIR R4 Task status codes.' });
registerEnumType(DeclineReason, { name: 'DeclineReason' });
registerEnumType(Box, { name: 'Box' });
