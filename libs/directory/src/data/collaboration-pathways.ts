import { Sector } from './sectors.js';

export interface CollaborationPathwaySeed {
  fromSector: Sector;
  toSector: Sector;
  purposeJa: string;
  purposeEn: string;
}

/**
 * Seed pathways from the chart 「生活困窮者自立支援制度における他制度との連携」
 * (連携通知「生活困窮者自立支援制度と関係制度等との連携について」平成27年3月27日付け事務連絡 等).
 *
 * The chart's centre is POVERTY (自立相談支援機関). Every other sector gets a POVERTY → X pathway with
 * the collaboration the chart names (Japanese wording taken from the chart where it exists), and an
 * X → POVERTY pathway where the chart implies referrals flowing back to the hub. AGRICULTURE has no
 * reverse pathway: the chart only names securing work places there.
 * Each (fromSector, toSector) pair appears at most once.
 */
export const COLLABORATION_PATHWAYS: readonly CollaborationPathwaySeed[] = Object.freeze([
  // 生活保護
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.PUBLIC_ASSISTANCE,
    purposeJa: '必要に応じ、生活保護へのつなぎ',
    purposeEn: 'Hand the person over to public assistance when needed',
  },
  {
    fromSector: Sector.PUBLIC_ASSISTANCE,
    toSector: Sector.POVERTY,
    purposeJa: '生活保護脱却後の困窮者制度の利用(連続的な支援)',
    purposeEn: 'Use of the needy-persons support system after leaving public assistance (continuous support)',
  },
  // ひとり親家庭等福祉対策・児童福祉施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.CHILD_FAMILY,
    purposeJa: 'ひとり親家庭特有の課題や、複合的な課題への連携した対応',
    purposeEn: 'Joint response to the specific and complex problems of single-parent households',
  },
  {
    fromSector: Sector.CHILD_FAMILY,
    toSector: Sector.POVERTY,
    purposeJa: '児童養護施設退所後の子どもの支援、生活に困窮するひとり親家庭のつなぎ',
    purposeEn:
      "Support for young people leaving children's homes; referral of single-parent households in financial need",
  },
  // 労働行政
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.EMPLOYMENT,
    purposeJa: 'ハローワークとのチーム支援やハローワークのノウハウの活用、求職者支援制度の活用',
    purposeEn: 'Team support with Hello Work and use of its know-how; use of the job-seeker support scheme',
  },
  {
    fromSector: Sector.EMPLOYMENT,
    toSector: Sector.POVERTY,
    purposeJa: '生活上の課題を抱える求職者の自立相談支援機関へのつなぎ(ハローワークとのチーム支援)',
    purposeEn:
      'Referral of job seekers with problems in daily life to the independent-living consultation agency (team support)',
  },
  // 障害保健福祉施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.DISABILITY,
    purposeJa:
      '本人の意向を踏まえつつ、障害の可能性や世帯の生活課題への連携した対応、障害者支援に係る専門性の生活困窮者支援への活用、認定就労訓練事業の担い手確保',
    purposeEn:
      "Joint response to a possible disability and household problems, respecting the person's wishes; using disability expertise in support for people in need; securing certified work-training providers",
  },
  {
    fromSector: Sector.DISABILITY,
    toSector: Sector.POVERTY,
    purposeJa: '障害のある人の世帯が抱える生活困窮などの生活課題への連携した対応',
    purposeEn: 'Joint response to financial hardship and other problems of households of persons with disabilities',
  },
  // 介護保険
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.ELDER_CARE,
    purposeJa: '地域ネットワークの整備等に係る連携、高齢者の介護・見守りが必要な世帯のつなぎ',
    purposeEn: 'Collaboration in building the local network; referral of households where an older person needs care',
  },
  {
    fromSector: Sector.ELDER_CARE,
    toSector: Sector.POVERTY,
    purposeJa: '介護保険制度の要介護、要支援にとどまらない、世帯の生活課題への連携した対応',
    purposeEn: 'Joint response to household problems that go beyond care-need or support-need certification',
  },
  // 国民年金保険料免除制度
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.PENSION,
    purposeJa: '国民年金保険料免除制度の周知、免除・納付猶予の申請へのつなぎ',
    purposeEn: 'Publicise the National Pension premium exemption and connect the person to the exemption application',
  },
  {
    fromSector: Sector.PENSION,
    toSector: Sector.POVERTY,
    purposeJa: '納付相談に訪れる者のつなぎ',
    purposeEn: 'Refer people who come for a premium-payment consultation',
  },
  // 教育施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.EDUCATION,
    purposeJa: '高等学校等の修学支援',
    purposeEn: 'Support for staying in high school and similar education',
  },
  {
    fromSector: Sector.EDUCATION,
    toSector: Sector.POVERTY,
    purposeJa: '子どもの状況の背景にある世帯の生活課題への対応',
    purposeEn: "Response to the household problems behind a child's situation",
  },
  // 矯正施設
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.CORRECTIONS,
    purposeJa: '矯正施設出所者に対する自立相談支援機関の情報提供',
    purposeEn:
      'Provide information about the independent-living consultation agency for people leaving correctional facilities',
  },
  {
    fromSector: Sector.CORRECTIONS,
    toSector: Sector.POVERTY,
    purposeJa: '矯正施設出所者(出所予定者)の自立相談支援機関へのつなぎ',
    purposeEn:
      'Refer people leaving (or about to leave) correctional facilities to the independent-living consultation agency',
  },
  // 国民健康保険制度・後期高齢者医療制度
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.HEALTH_INSURANCE,
    purposeJa: '所得の低い世帯への配慮措置の周知や申請援助、保険料(税)滞納者への連携した対応',
    purposeEn:
      'Publicise relief measures for low-income households and help with applications; joint response to premium arrears',
  },
  {
    fromSector: Sector.HEALTH_INSURANCE,
    toSector: Sector.POVERTY,
    purposeJa: '納付相談に訪れる者のつなぎ',
    purposeEn: 'Refer people who come for a premium-payment consultation',
  },
  // 自殺対策施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.SUICIDE_PREVENTION,
    purposeJa: '自殺の危険性が高い者への連携した対応',
    purposeEn: 'Joint response to people at high risk of suicide',
  },
  {
    fromSector: Sector.SUICIDE_PREVENTION,
    toSector: Sector.POVERTY,
    purposeJa: '経済・生活問題を抱える相談者のつなぎ(自殺の危険性が高い者への連携した対応)',
    purposeEn: 'Refer callers with financial or living problems (joint response to people at high risk of suicide)',
  },
  // 子ども・若者育成支援施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.YOUTH,
    purposeJa: '支援調整会議と子ども・若者支援地域協議会の連携(共同開催等)、子ども・若者総合相談センターとの連携',
    purposeEn:
      'Joint work (e.g. joint meetings) of the support-coordination meeting and the regional council for children and young people; collaboration with the comprehensive consultation centre for children and young people',
  },
  {
    fromSector: Sector.YOUTH,
    toSector: Sector.POVERTY,
    purposeJa: 'ひきこもり状態にある者への連携した対応',
    purposeEn: 'Joint response to people in social withdrawal (hikikomori)',
  },
  // 農林水産分野
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.AGRICULTURE,
    purposeJa: '農林水産分野における就労の場の確保',
    purposeEn: 'Secure places to work in agriculture, forestry and fisheries',
  },
  // 多重債務者対策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.DEBT,
    purposeJa: '多重債務者に対する専門的な支援との連携',
    purposeEn: 'Collaboration with specialist help for people with multiple debts',
  },
  {
    fromSector: Sector.DEBT,
    toSector: Sector.POVERTY,
    purposeJa: '家計の立て直しや生活の再建が必要な多重債務者のつなぎ',
    purposeEn: 'Refer people with multiple debts who need household-budget and livelihood rebuilding support',
  },
  // 住宅施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.HOUSING,
    purposeJa: '住居に関する課題への連携した対応',
    purposeEn: 'Joint response to housing problems',
  },
  {
    fromSector: Sector.HOUSING,
    toSector: Sector.POVERTY,
    purposeJa: '住居に関する課題への連携した対応(家賃滞納や住まいを失うおそれのある人のつなぎ)',
    purposeEn: 'Joint response to housing problems (refer people in rent arrears or at risk of losing their home)',
  },
  // 地域福祉施策
  {
    fromSector: Sector.POVERTY,
    toSector: Sector.COMMUNITY_WELFARE,
    purposeJa: '地域住民相互の支え合い等インフォーマルな支援の創出、地域のネットワーク強化',
    purposeEn: 'Create informal support such as mutual help among residents; strengthen local networks',
  },
  {
    fromSector: Sector.COMMUNITY_WELFARE,
    toSector: Sector.POVERTY,
    purposeJa: '地域で気づいた生活困窮の兆しのつなぎ(地域のネットワーク強化)',
    purposeEn: 'Pass on signs of hardship noticed in the neighbourhood (strengthening local networks)',
  },
] satisfies CollaborationPathwaySeed[]);

export function findCollaborationPathways(fromSector?: Sector, toSector?: Sector): CollaborationPathwaySeed[] {
  return COLLABORATION_PATHWAYS.filter(
    (p) =>
      (fromSector === undefined || p.fromSector === fromSector) && (toSector === undefined || p.toSector === toSector),
  );
}
