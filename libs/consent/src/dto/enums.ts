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

registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  valuesMap: {
    REFERRAL: { description: '紹介 / Referral' },
    CASE_CONFERENCE: { description: '個別支援会議 / Case conference' },
    INFORMATION_SHARING: { description: '情報共有 / Information sharing' },
  },
});
registerEnumType(DataCategory, {
  name: 'DataCategory',
  description: "The groups a person's data is disclosed or masked by.",
  valuesMap: {
    IDENTITY: { description: '本人を特定する情報（氏名・生年月日） / Identity (name, date of birth)' },
    CONTACT: { description: '連絡先（電話・メール・住所） / Contact (phone, e-mail, address)' },
    HOUSEHOLD: { description: '世帯の状況 / Household' },
    HEALTH_DISABILITY: {
      description: '健康・障害（要配慮個人情報） / Health and disability (special-care personal information)',
    },
    INCOME_DEBT: { description: '収入・債務 / Income and debt' },
    EMPLOYMENT: { description: '就労 / Employment' },
    EDUCATION: { description: '教育 / Education' },
    JUSTICE: { description: '司法・犯罪歴（要配慮個人情報） / Justice (special-care personal information)' },
    CASE_NOTES: { description: '相談記録 / Case notes' },
    SUPPORT_NETWORK: {
      description:
        "本人の関係と社会資源（ヒアリングシート・エコマップ） / The person's relations and community resources: the hearing sheet and the ecomap",
    },
  },
});
registerEnumType(LegalBasis, {
  name: 'LegalBasis',
  valuesMap: {
    CONSENT: { description: "本人の同意（個人情報保護法 第27条第1項） / The person's consent" },
    SUPPORT_MEETING: {
      description:
        '支援会議（生活困窮者自立支援法 第9条・社会福祉法 第106条の6）。構成機関の間に限る / Support meeting: between member agencies only',
    },
    CHILD_PROTECTION_COUNCIL: {
      description:
        '要保護児童対策地域協議会（児童福祉法 第25条の2）。構成機関の間に限る / Regional council for children in need of protection: between member agencies only',
    },
    VITAL_INTEREST: {
      description:
        '人の生命・身体・財産の保護のため、本人の同意を得ることが困難なとき（個人情報保護法 第27条第1項第2号） / To protect life, body or property when consent cannot be obtained',
    },
  },
});
registerEnumType(ConsentMethod, {
  name: 'ConsentMethod',
  valuesMap: {
    WRITTEN: { description: '書面 / Written' },
    VERBAL: { description: '口頭 / Verbal' },
    ELECTRONIC: { description: '電磁的方法 / Electronic' },
  },
});
registerEnumType(ConsentStatus, {
  name: 'ConsentStatus',
  valuesMap: {
    ACTIVE: { description: '有効 / Active' },
    EXPIRED: { description: '期限切れ / Expired' },
    WITHDRAWN: { description: '撤回 / Withdrawn' },
  },
});
