import { registerEnumType } from '@nestjs/graphql';

export enum ConsentPurpose {
  REFERRAL = 'REFERRAL',
  CASE_CONFERENCE = 'CASE_CONFERENCE',
  INFORMATION_SHARING = 'INFORMATION_SHARING',
}

/** The groups a person's data is disclosed or masked by. */
export enum DataCategory {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  HOUSEHOLD = 'HOUSEHOLD',
  HEALTH_DISABILITY = 'HEALTH_DISABILITY',
  INCOME_DEBT = 'INCOME_DEBT',
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  JUSTICE = 'JUSTICE',
  CASE_NOTES = 'CASE_NOTES',
  /** The person's relations and community resources: the hearing sheet and the ecomap (ヒアリングシート・エコマップ). */
  SUPPORT_NETWORK = 'SUPPORT_NETWORK',
}

/** Special-care personal information (要配慮個人情報, 個人情報保護法 第2条第3項). */
export const SPECIAL_CARE_CATEGORIES: readonly DataCategory[] = [
  DataCategory.HEALTH_DISABILITY,
  DataCategory.INCOME_DEBT,
  DataCategory.JUSTICE,
];

export enum LegalBasis {
  /** The person's consent (個人情報保護法 第27条第1項). */
  CONSENT = 'CONSENT',
  /** 支援会議 (生活困窮者自立支援法 第9条 / 社会福祉法 第106条の6): between member agencies only. */
  SUPPORT_MEETING = 'SUPPORT_MEETING',
  /** 要保護児童対策地域協議会 (児童福祉法 第25条の2): between member agencies only. */
  CHILD_PROTECTION_COUNCIL = 'CHILD_PROTECTION_COUNCIL',
  /** To protect life, body or property when consent cannot be obtained (個人情報保護法 第27条第1項第2号). */
  VITAL_INTEREST = 'VITAL_INTEREST',
}

export enum ConsentMethod {
  WRITTEN = 'WRITTEN',
  VERBAL = 'VERBAL',
  ELECTRONIC = 'ELECTRONIC',
}

export enum ConsentStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ConsentPurpose, { name: 'ConsentPurpose' });
registerEnumType(DataCategory, { name: 'DataCategory' });
registerEnumType(LegalBasis, { name: 'LegalBasis' });
registerEnumType(ConsentMethod, { name: 'ConsentMethod' });
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });
