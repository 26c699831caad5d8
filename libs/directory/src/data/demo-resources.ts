/*
 * ============================================================================================
 *  DEMO DATA — FICTIONAL. Not a directory of real organisations or groups.
 * --------------------------------------------------------------------------------------------
 *  Informal community resources (社会資源: 見守り隊, 子ども食堂, 居場所, 居住サポート …) of the
 *  demo network in Nagoya: Nakagawa-ku (中川区, 231100), Minato-ku (港区, 231118) and
 *  Nagoya-wide (名古屋市, 231002). Every name, contact and rating here is invented for
 *  demonstrations and tests; telephone numbers use the fictional 052-000-xxxx range and e-mail
 *  domains the reserved example.jp. Area codes are real local-government codes. Ratings are on
 *  seed 3-8's criteria (1–3). Resource codes all start with `DEMO-`.
 *
 *  None of them meets DEBT in 中川区 (or Nagoya-wide): the demo story develops that resource from
 *  a regional issue of the council and shows it offered by suggestAgencies.
 * ============================================================================================
 */
import { MINATO_WARD_CODE, NAGOYA_CITY_CODE, NAKAGAWA_WARD_CODE } from './demo-network.js';

export type DemoResourceKind =
  | 'WATCH_NETWORK'
  | 'GATHERING_PLACE'
  | 'HOUSING_SUPPORT'
  | 'FOOD_SUPPORT'
  | 'PEER_GROUP'
  | 'VOLUNTEER'
  | 'WORK_PLACE'
  | 'LEARNING_SUPPORT'
  | 'MONEY_MANAGEMENT'
  | 'OTHER';

export interface DemoResourceRatings {
  personCentred?: number;
  circularity?: number;
  humanity?: number;
  residentCollaboration?: number;
  versatility?: number;
  selectability?: number;
  sustainability?: number;
}

export interface DemoResource {
  /** Stable, `DEMO-RES-…`. */
  code: string;
  /** Japanese, fictional. */
  name: string;
  kind: DemoResourceKind;
  description: string;
  /** Codes from need-categories.ts. */
  needCategories: string[];
  /** Municipality or ward codes served. */
  municipalityCodes: string[];
  contact: string;
  ratings: DemoResourceRatings;
}

export const DEMO_RESOURCES: readonly DemoResource[] = Object.freeze([
  {
    code: 'DEMO-RES-NAKAGAWA-MIMAMORI',
    name: '富田学区見守り隊(デモ)',
    kind: 'WATCH_NETWORK',
    description:
      '民生委員と町内会の有志が、ひとり暮らしの高齢者や気になる世帯を週に一度訪ねる見守り活動。新聞や郵便物のたまりにも気を配る。',
    needCategories: ['DAILY_LIVING', 'CARE', 'SOCIAL_WITHDRAWAL'],
    municipalityCodes: [NAKAGAWA_WARD_CODE],
    contact: '富田学区区政協力委員会 052-000-0101',
    ratings: {
      personCentred: 2,
      circularity: 3,
      humanity: 3,
      residentCollaboration: 3,
      versatility: 2,
      selectability: 1,
      sustainability: 2,
    },
  },
  {
    code: 'DEMO-RES-NAKAGAWA-KODOMO-SHOKUDO',
    name: 'なかがわ子ども食堂「わいわい」(デモ)',
    kind: 'FOOD_SUPPORT',
    description: '月2回、地域の子どもと親に夕食を出す子ども食堂。宿題を見るボランティアもいる。',
    needCategories: ['CHILD_FAMILY', 'INCOME', 'DAILY_LIVING'],
    municipalityCodes: [NAKAGAWA_WARD_CODE],
    contact: 'info@wai-wai.example.jp',
    ratings: {
      personCentred: 2,
      circularity: 3,
      humanity: 3,
      residentCollaboration: 3,
      versatility: 3,
      selectability: 2,
      sustainability: 1,
    },
  },
  {
    code: 'DEMO-RES-NAKAGAWA-IBASHO-CAFE',
    name: '居場所カフェ「ひだまり」(デモ)',
    kind: 'GATHERING_PLACE',
    description:
      '商店街の空き店舗を使った居場所カフェ。ひきこもりがちな若者や精神障がいのある人が、予約なしで立ち寄り、店番も担える。',
    needCategories: ['SOCIAL_WITHDRAWAL', 'MENTAL_HEALTH', 'DAILY_LIVING'],
    municipalityCodes: [NAKAGAWA_WARD_CODE, MINATO_WARD_CODE],
    contact: '052-000-0102 (火・木・土 10時〜16時)',
    ratings: {
      personCentred: 3,
      circularity: 3,
      humanity: 3,
      residentCollaboration: 2,
      versatility: 3,
      selectability: 2,
      sustainability: 2,
    },
  },
  {
    code: 'DEMO-RES-MINATO-MIMAMORI',
    name: '港区みなと見守りネット(デモ)',
    kind: 'WATCH_NETWORK',
    description:
      '新聞販売店・郵便局・商店が配達や来店の折に異変に気づいたら、いきいき支援センターへ知らせる見守り協定。',
    needCategories: ['CARE', 'DAILY_LIVING'],
    municipalityCodes: [MINATO_WARD_CODE],
    contact: '港区地域見守り連絡会 052-000-0201',
    ratings: { circularity: 2, residentCollaboration: 3, versatility: 3, sustainability: 3 },
  },
  {
    code: 'DEMO-RES-MINATO-GAKUSHU',
    name: 'みなと学習支援教室(デモ)',
    kind: 'LEARNING_SUPPORT',
    description: '生活に困っている世帯の中学生に、大学生ボランティアが週2回勉強を教える教室。',
    needCategories: ['EDUCATION', 'CHILD_FAMILY'],
    municipalityCodes: [MINATO_WARD_CODE],
    contact: 'manabi@minato.example.jp',
    ratings: { personCentred: 3, humanity: 3, selectability: 2, sustainability: 2 },
  },
  {
    code: 'DEMO-RES-NAGOYA-KYOJU-SUPPORT',
    name: '名古屋あんしん住まいサポート(デモ)',
    kind: 'HOUSING_SUPPORT',
    description:
      '保証人のいない人の民間賃貸への入居を、協力不動産店の紹介と入居後の見守り・緊急時の連絡で支える居住サポート事業。',
    needCategories: ['HOUSING', 'REENTRY'],
    municipalityCodes: [NAGOYA_CITY_CODE],
    contact: '052-000-0301',
    ratings: {
      personCentred: 2,
      circularity: 2,
      humanity: 2,
      residentCollaboration: 1,
      versatility: 2,
      selectability: 2,
      sustainability: 3,
    },
  },
  {
    code: 'DEMO-RES-NAGOYA-PEER',
    name: 'なごや家族会ピアの集い(デモ)',
    kind: 'PEER_GROUP',
    description: '精神障がいのある人の家族が月に一度集まり、経験を分かち合う当事者(家族)の会。',
    needCategories: ['MENTAL_HEALTH'],
    municipalityCodes: [NAGOYA_CITY_CODE],
    contact: 'peer@nagoya-kazoku.example.jp',
    ratings: { personCentred: 3, circularity: 3, humanity: 3, selectability: 2 },
  },
] satisfies DemoResource[]);
