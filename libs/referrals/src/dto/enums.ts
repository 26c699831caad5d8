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

registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  description: 'FHIR R4 Task status codes.',
  valuesMap: {
    DRAFT: { description: '下書き / Draft' },
    REQUESTED: { description: '依頼中 / Requested' },
    RECEIVED: { description: '受付済み / Received' },
    ACCEPTED: { description: '受諾 / Accepted' },
    REJECTED: { description: '辞退 / Rejected' },
    IN_PROGRESS: { description: '支援中 / In progress' },
    ON_HOLD: { description: '保留中 / On hold' },
    COMPLETED: { description: '完了 / Completed' },
    CANCELLED: { description: '取消 / Cancelled' },
    FAILED: { description: '不成立 / Failed' },
  },
});
registerEnumType(DeclineReason, {
  name: 'DeclineReason',
  valuesMap: {
    NO_CAPACITY: { description: '受け入れる余力がない / No capacity' },
    OUT_OF_AREA: { description: '対象区域外 / Out of area' },
    NOT_ELIGIBLE: { description: '対象要件に該当しない / Not eligible' },
    SERVICE_NOT_AVAILABLE: { description: '該当するサービスがない / Service not available' },
    DUPLICATE: { description: '重複した紹介 / Duplicate referral' },
    PERSON_DECLINED: { description: '本人が希望しない / Declined by the person' },
    OTHER: { description: 'その他 / Other' },
  },
});
registerEnumType(Box, { name: 'Box' });
