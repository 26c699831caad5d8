import { registerEnumType } from '@nestjs/graphql';

/** The kind of council (協議会). */
export enum CouncilKind {
  /** 地域自立支援協議会 (障害者総合支援法 89条の3) */
  SELF_RELIANCE_SUPPORT = 'SELF_RELIANCE_SUPPORT',
  /** 支援調整会議 (生活困窮者自立支援) */
  SUPPORT_COORDINATION = 'SUPPORT_COORDINATION',
  /** 地域ケア会議 (介護保険法 115条の48) */
  COMMUNITY_CARE = 'COMMUNITY_CARE',
  /** 居住支援協議会 (住宅セーフティネット法) */
  HOUSING_SUPPORT = 'HOUSING_SUPPORT',
  /** 要保護児童対策地域協議会 */
  CHILD_PROTECTION = 'CHILD_PROTECTION',
  OTHER = 'OTHER',
}

/** A member agency's role: an ordinary member, or the secretariat (事務局) that runs the council. */
export enum CouncilRole {
  MEMBER = 'MEMBER',
  SECRETARIAT = 'SECRETARIAT',
}

/** The bodies of a council (seed 2-4). */
export enum CouncilBodyKind {
  /** 運営会議: triage of what is raised */
  STEERING = 'STEERING',
  /** 定例会 */
  REGULAR = 'REGULAR',
  /** 専門部会 (by disability, issue or area) */
  SUBCOMMITTEE = 'SUBCOMMITTEE',
  /** 全体会 */
  PLENARY = 'PLENARY',
}

/** Where a regional issue (地域課題) stands. */
export enum RegionalIssueStage {
  /** 個別支援会議などから提起された */
  RAISED = 'RAISED',
  /** 運営会議 */
  STEERING = 'STEERING',
  /** 定例会 */
  REGULAR = 'REGULAR',
  /** 専門部会 */
  SUBCOMMITTEE = 'SUBCOMMITTEE',
  /** 全体会 */
  PLENARY = 'PLENARY',
  /** 社会資源の開発 */
  RESOURCE_DEVELOPED = 'RESOURCE_DEVELOPED',
  /** 社会資源の改善 */
  RESOURCE_IMPROVED = 'RESOURCE_IMPROVED',
  /** 政策提言 */
  POLICY_PROPOSED = 'POLICY_PROPOSED',
  /** 終結 (with a reason) */
  CLOSED = 'CLOSED',
  /** 統合: merged into another issue */
  MERGED = 'MERGED',
}

/** The council's function an issue serves (seed 2-2's six functions). */
export enum CouncilFunction {
  /** 評価 */
  EVALUATION = 'EVALUATION',
  /** 情報 */
  INFORMATION = 'INFORMATION',
  /** 調整 */
  COORDINATION = 'COORDINATION',
  /** 開発 */
  DEVELOPMENT = 'DEVELOPMENT',
  /** 教育 */
  EDUCATION = 'EDUCATION',
  /** 権利擁護 */
  ADVOCACY = 'ADVOCACY',
}

export enum AgendaFormat {
  MARKDOWN = 'MARKDOWN',
  CSV = 'CSV',
}

registerEnumType(CouncilKind, {
  name: 'CouncilKind',
  description: '地域自立支援協議会, 支援調整会議, 地域ケア会議, 居住支援協議会, 要保護児童対策地域協議会, other.',
});
registerEnumType(CouncilRole, { name: 'CouncilRole', description: 'MEMBER, or SECRETARIAT (事務局).' });
registerEnumType(CouncilBodyKind, {
  name: 'CouncilBodyKind',
  description: '運営会議 (STEERING), 定例会 (REGULAR), 専門部会 (SUBCOMMITTEE), 全体会 (PLENARY).',
});
registerEnumType(RegionalIssueStage, {
  name: 'RegionalIssueStage',
  description:
    'RAISED → STEERING (運営会議) → REGULAR (定例会) → SUBCOMMITTEE (専門部会) → PLENARY (全体会) → RESOURCE_DEVELOPED | RESOURCE_IMPROVED | POLICY_PROPOSED; CLOSED from any open stage; MERGED into another issue.',
});
registerEnumType(CouncilFunction, {
  name: 'CouncilFunction',
  description:
    '評価 EVALUATION, 情報 INFORMATION, 調整 COORDINATION, 開発 DEVELOPMENT, 教育 EDUCATION, 権利擁護 ADVOCACY.',
});
registerEnumType(AgendaFormat, { name: 'AgendaFormat' });
