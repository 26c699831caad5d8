/**
 * The sectors (systems) of the cross-system collaboration chart
 * 「生活困窮者自立支援制度における他制度との連携」 — the centre is POVERTY
 * (自立相談支援機関), every other sector is a system it collaborates with.
 *
 * The codes and their order are part of the partner contract (API.md `Sector`): keep them stable.
 */
export enum Sector {
  POVERTY = 'POVERTY',
  PUBLIC_ASSISTANCE = 'PUBLIC_ASSISTANCE',
  CHILD_FAMILY = 'CHILD_FAMILY',
  EMPLOYMENT = 'EMPLOYMENT',
  DISABILITY = 'DISABILITY',
  ELDER_CARE = 'ELDER_CARE',
  PENSION = 'PENSION',
  EDUCATION = 'EDUCATION',
  CORRECTIONS = 'CORRECTIONS',
  HEALTH_INSURANCE = 'HEALTH_INSURANCE',
  SUICIDE_PREVENTION = 'SUICIDE_PREVENTION',
  YOUTH = 'YOUTH',
  AGRICULTURE = 'AGRICULTURE',
  DEBT = 'DEBT',
  HOUSING = 'HOUSING',
  COMMUNITY_WELFARE = 'COMMUNITY_WELFARE',
}

export interface SectorInfo {
  code: Sector;
  /** Short Japanese label, e.g. 生活困窮者自立支援. */
  labelJa: string;
  labelEn: string;
  /** The system (制度・施策) as named in the chart. */
  systemJa: string;
  systemEn: string;
  typicalAgenciesJa: string[];
}

/** All sectors, in the contract's order. */
export const SECTORS: readonly SectorInfo[] = Object.freeze([
  {
    code: Sector.POVERTY,
    labelJa: '生活困窮者自立支援',
    labelEn: 'Self-reliance support for people in need',
    systemJa: '生活困窮者自立支援制度',
    systemEn: 'Self-Reliance Support System for Needy Persons',
    typicalAgenciesJa: ['自立相談支援機関'],
  },
  {
    code: Sector.PUBLIC_ASSISTANCE,
    labelJa: '生活保護',
    labelEn: 'Public assistance',
    systemJa: '生活保護制度',
    systemEn: 'Public Assistance (Seikatsu Hogo) System',
    typicalAgenciesJa: ['福祉事務所'],
  },
  {
    code: Sector.CHILD_FAMILY,
    labelJa: 'ひとり親家庭・児童福祉',
    labelEn: 'Child welfare and single-parent families',
    systemJa: 'ひとり親家庭等福祉対策・児童福祉施策',
    systemEn: 'Welfare measures for single-parent families and child welfare policy',
    typicalAgenciesJa: ['福祉事務所', '児童養護施設', '児童相談所'],
  },
  {
    code: Sector.EMPLOYMENT,
    labelJa: '就労支援',
    labelEn: 'Employment support',
    systemJa: '労働行政',
    systemEn: 'Labour administration',
    typicalAgenciesJa: ['ハローワーク', '地域若者サポートステーション'],
  },
  {
    code: Sector.DISABILITY,
    labelJa: '障害福祉',
    labelEn: 'Disability welfare',
    systemJa: '障害保健福祉施策',
    systemEn: 'Health and welfare policy for persons with disabilities',
    typicalAgenciesJa: ['障害者就業・生活支援センター', '基幹相談支援センター', '相談支援事業所'],
  },
  {
    code: Sector.ELDER_CARE,
    labelJa: '高齢者介護',
    labelEn: 'Elder care',
    systemJa: '介護保険制度',
    systemEn: 'Long-Term Care Insurance System',
    typicalAgenciesJa: ['地域包括支援センター', 'いきいき支援センター(名古屋市)'],
  },
  {
    code: Sector.PENSION,
    labelJa: '国民年金',
    labelEn: 'National pension',
    systemJa: '国民年金保険料免除制度',
    systemEn: 'National Pension premium exemption system',
    typicalAgenciesJa: ['年金事務所', '市区町村の国民年金窓口'],
  },
  {
    code: Sector.EDUCATION,
    labelJa: '教育',
    labelEn: 'Education',
    systemJa: '教育施策',
    systemEn: 'Education policy',
    typicalAgenciesJa: ['教育委員会', 'スクールソーシャルワーカー'],
  },
  {
    code: Sector.CORRECTIONS,
    labelJa: '矯正・更生保護',
    labelEn: 'Corrections and rehabilitation',
    systemJa: '矯正施設',
    systemEn: 'Correctional facilities and offender rehabilitation',
    typicalAgenciesJa: ['保護観察所', '矯正施設', '地域生活定着支援センター'],
  },
  {
    code: Sector.HEALTH_INSURANCE,
    labelJa: '国民健康保険・後期高齢者医療',
    labelEn: 'National health insurance',
    systemJa: '国民健康保険制度・後期高齢者医療制度',
    systemEn: 'National Health Insurance and Medical Care System for the Elderly Aged 75+',
    typicalAgenciesJa: ['市区町村の保険年金窓口'],
  },
  {
    code: Sector.SUICIDE_PREVENTION,
    labelJa: '自殺対策',
    labelEn: 'Suicide prevention',
    systemJa: '自殺対策施策',
    systemEn: 'Suicide prevention policy',
    typicalAgenciesJa: ['自殺予防に関する相談窓口', '地域自殺対策推進センター'],
  },
  {
    code: Sector.YOUTH,
    labelJa: '子ども・若者育成支援',
    labelEn: 'Children and youth development support',
    systemJa: '子ども・若者育成支援施策',
    systemEn: 'Policy for supporting the development of children and young people',
    typicalAgenciesJa: ['子ども・若者支援地域協議会', '子ども・若者総合相談センター'],
  },
  {
    code: Sector.AGRICULTURE,
    labelJa: '農林水産',
    labelEn: 'Agriculture, forestry and fisheries',
    systemJa: '農林水産分野',
    systemEn: 'Agriculture, forestry and fisheries sector',
    typicalAgenciesJa: ['農福連携の支援機関', '農業法人・農業協同組合'],
  },
  {
    code: Sector.DEBT,
    labelJa: '多重債務',
    labelEn: 'Multiple-debt counselling',
    systemJa: '多重債務者対策',
    systemEn: 'Measures for people with multiple debts',
    typicalAgenciesJa: ['多重債務者相談窓口', '法テラス', '弁護士会'],
  },
  {
    code: Sector.HOUSING,
    labelJa: '住まい',
    labelEn: 'Housing',
    systemJa: '住宅施策',
    systemEn: 'Housing policy',
    typicalAgenciesJa: ['居住支援協議会', '居住支援法人'],
  },
  {
    code: Sector.COMMUNITY_WELFARE,
    labelJa: '地域福祉',
    labelEn: 'Community welfare',
    systemJa: '地域福祉施策',
    systemEn: 'Community welfare policy',
    typicalAgenciesJa: ['社会福祉協議会', '民生委員・児童委員', 'よりそいホットライン'],
  },
] satisfies SectorInfo[]);

/** The sector codes, in the contract's order. */
export const SECTOR_CODES: readonly Sector[] = Object.freeze(Object.values(Sector));

export function isSector(code: string): code is Sector {
  return (SECTOR_CODES as readonly string[]).includes(code);
}

export function getSectorInfo(code: Sector): SectorInfo | undefined {
  return SECTORS.find((s) => s.code === code);
}
