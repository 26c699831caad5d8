import { Sector } from './sectors.js';

export interface NeedCategoryInfo {
  code: string;
  labelJa: string;
  labelEn: string;
  descriptionJa: string;
  /** The sectors that typically address this need (first = the main one). */
  sectors: Sector[];
}

/**
 * The catalogue of need categories a referral can name (API.md: `needCategories`).
 * An unknown code is `BAD_USER_INPUT`; keep the codes stable.
 */
export const NEED_CATEGORIES: readonly NeedCategoryInfo[] = Object.freeze([
  {
    code: 'INCOME',
    labelJa: '収入・生活費',
    labelEn: 'Income and living costs',
    descriptionJa: '収入の減少や途絶、生活費の不足、家計の見直しが必要な状態。',
    sectors: [Sector.POVERTY, Sector.PUBLIC_ASSISTANCE, Sector.CHILD_FAMILY, Sector.COMMUNITY_WELFARE],
  },
  {
    code: 'DEBT',
    labelJa: '多重債務',
    labelEn: 'Debt',
    descriptionJa: '多重債務や借金の返済の行き詰まり、滞納の重なりなど、専門的な債務整理の支援が必要な状態。',
    sectors: [Sector.DEBT, Sector.POVERTY],
  },
  {
    code: 'HOUSING',
    labelJa: '住まい',
    labelEn: 'Housing',
    descriptionJa: '住まいを失った、または失うおそれがある、家賃の滞納、入居先が見つからないなど住居に関する課題。',
    sectors: [Sector.HOUSING, Sector.POVERTY, Sector.PUBLIC_ASSISTANCE],
  },
  {
    code: 'EMPLOYMENT',
    labelJa: '仕事・就労',
    labelEn: 'Work and employment',
    descriptionJa: '求職、離職、就労準備、職場定着など仕事に関する課題。',
    sectors: [Sector.EMPLOYMENT, Sector.POVERTY, Sector.DISABILITY, Sector.AGRICULTURE],
  },
  {
    code: 'DISABILITY_SUPPORT',
    labelJa: '障害福祉サービス',
    labelEn: 'Disability support',
    descriptionJa: '障害(またはその可能性)があり、障害福祉サービスや専門的な相談支援が必要な状態。',
    sectors: [Sector.DISABILITY],
  },
  {
    code: 'CARE',
    labelJa: '介護',
    labelEn: 'Long-term care',
    descriptionJa: '本人または家族の介護、要介護認定や介護サービスの利用に関する課題。',
    sectors: [Sector.ELDER_CARE, Sector.DISABILITY],
  },
  {
    code: 'CHILD_FAMILY',
    labelJa: '子育て・家庭',
    labelEn: 'Children and family',
    descriptionJa: 'ひとり親家庭、子育ての困難、児童虐待のおそれ、社会的養護を離れた若者など子どもと家庭に関する課題。',
    sectors: [Sector.CHILD_FAMILY, Sector.EDUCATION, Sector.YOUTH],
  },
  {
    code: 'EDUCATION',
    labelJa: '学校・学び',
    labelEn: 'Schooling and education',
    descriptionJa: '不登校、学習の遅れ、高等学校等の修学継続など学びに関する課題。',
    sectors: [Sector.EDUCATION, Sector.YOUTH, Sector.POVERTY],
  },
  {
    code: 'HEALTH',
    labelJa: '健康・医療',
    labelEn: 'Health and medical care',
    descriptionJa: '病気やけが、受診の中断、医療費の負担など健康と医療に関する課題。',
    sectors: [Sector.HEALTH_INSURANCE, Sector.PUBLIC_ASSISTANCE, Sector.ELDER_CARE],
  },
  {
    code: 'MENTAL_HEALTH',
    labelJa: 'こころの健康',
    labelEn: 'Mental health',
    descriptionJa: '気分の落ち込み、不安、依存症など、こころの健康に関する課題。',
    sectors: [Sector.SUICIDE_PREVENTION, Sector.DISABILITY, Sector.YOUTH],
  },
  {
    code: 'SUICIDE_RISK',
    labelJa: '自殺の危険',
    labelEn: 'Suicide risk',
    descriptionJa: '希死念慮や自殺企図があるなど、自殺の危険性が高い状態。緊急の対応を要することがある。',
    sectors: [Sector.SUICIDE_PREVENTION],
  },
  {
    code: 'SOCIAL_WITHDRAWAL',
    labelJa: 'ひきこもり',
    labelEn: 'Social withdrawal (hikikomori)',
    descriptionJa: 'ひきこもり状態にある、または社会参加から長く離れている状態。',
    sectors: [Sector.YOUTH, Sector.POVERTY, Sector.COMMUNITY_WELFARE],
  },
  {
    code: 'LEGAL',
    labelJa: '法律問題',
    labelEn: 'Legal problems',
    descriptionJa: '契約、離婚、相続、消費者被害など法律の専門家の助言が必要な課題。',
    sectors: [Sector.DEBT],
  },
  {
    code: 'REENTRY',
    labelJa: '出所後の生活再建',
    labelEn: 'Re-entry after correctional facilities',
    descriptionJa: '刑務所・少年院等の矯正施設を出た(出る予定の)人の住まい、仕事、生活の立て直し。',
    sectors: [Sector.CORRECTIONS, Sector.POVERTY, Sector.HOUSING],
  },
  {
    code: 'INSURANCE_PENSION',
    labelJa: '保険料・年金',
    labelEn: 'Insurance premiums and pension',
    descriptionJa: '国民健康保険料(税)や国民年金保険料の納付困難・滞納、減免・免除の申請、年金の受給に関する課題。',
    sectors: [Sector.PENSION, Sector.HEALTH_INSURANCE],
  },
  {
    code: 'DAILY_LIVING',
    labelJa: '日常生活',
    labelEn: 'Daily living',
    descriptionJa: '家事、金銭管理、見守り、地域での孤立など日常生活の支えに関する課題。',
    sectors: [Sector.COMMUNITY_WELFARE, Sector.ELDER_CARE, Sector.DISABILITY],
  },
] satisfies NeedCategoryInfo[]);

/** The need-category codes, in catalogue order. */
export const NEED_CATEGORY_CODES: readonly string[] = Object.freeze(NEED_CATEGORIES.map((c) => c.code));

const NEED_CATEGORY_SET: ReadonlySet<string> = new Set(NEED_CATEGORY_CODES);

export function isNeedCategory(code: string): boolean {
  return NEED_CATEGORY_SET.has(code);
}

export function getNeedCategory(code: string): NeedCategoryInfo | undefined {
  return NEED_CATEGORIES.find((c) => c.code === code);
}
