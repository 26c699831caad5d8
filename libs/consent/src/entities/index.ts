import { AuditLogEntity } from './audit-log.entity.js';
import { ConsentEntity, ConsentWithdrawalEntity } from './consent.entity.js';
import { PersonEntity } from './person.entity.js';
import { SupportMeetingEntity, SupportMeetingMemberEntity } from './support-meeting.entity.js';

export * from './audit-log.entity.js';
export * from './consent.entity.js';
export * from './person.entity.js';
export * from './support-meeting.entity.js';

export const CONSENT_ENTITIES = [
  PersonEntity,
  ConsentEntity,
  ConsentWithdrawalEntity,
  SupportMeetingEntity,
  SupportMeetingMemberEntity,
  AuditLogEntity,
];
