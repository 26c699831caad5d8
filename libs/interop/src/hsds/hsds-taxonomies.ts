import { AreaLevel, CommunityResourceKind, NEED_CATEGORIES, SECTORS, Urgency } from '@tsunagu/directory';
import { taxonomyIdOf, taxonomyTermIdOf } from './hsds-ids.js';
import type { HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds-types.js';

/** The taxonomies of this view (docs/hsds.md, "Taxonomies"). Names are stable: partners filter on them. */
export const TAXONOMY = {
  NEED_CATEGORY: 'tsunagu-need-category',
  SECTOR: 'tsunagu-sector',
  RECORD_KIND: 'tsunagu-record-kind',
  COMMUNITY_RESOURCE_KIND: 'tsunagu-community-resource-kind',
  AREA_LEVEL: 'tsunagu-area-level',
  RESPONSE_TARGET: 'tsunagu-response-target',
} as const;
export type TaxonomyName = (typeof TAXONOMY)[keyof typeof TAXONOMY];

/** `tsunagu-record-kind`: what a Tsunagu organization or service stands for. */
export const RECORD_KIND = { AGENCY: 'AGENCY', COMMUNITY_RESOURCE: 'COMMUNITY_RESOURCE' } as const;

/** The three `tsunagu-response-target` terms of one urgency: `<URGENCY>_ACKNOWLEDGE`, `_DECIDE`, `_BUSINESS_TIME`. */
export const RESPONSE_TARGET_PARTS = ['ACKNOWLEDGE', 'DECIDE', 'BUSINESS_TIME'] as const;
export type ResponseTargetPart = (typeof RESPONSE_TARGET_PARTS)[number];

export const TSUNAGU_TAXONOMY_VERSION = '1';

const TAXONOMY_DESCRIPTIONS: Record<TaxonomyName, string> = {
  [TAXONOMY.NEED_CATEGORY]:
    'The need categories of the Tsunagu referral hub (the needs a referral names and an agency meets); the term code is the need-category code.',
  [TAXONOMY.SECTOR]:
    'The sectors (systems) of the cross-system collaboration chart of the Japanese self-reliance support system (生活困窮者自立支援制度における他制度との連携).',
  [TAXONOMY.RECORD_KIND]:
    'What a Tsunagu record stands for: an agency of the referral directory, or a community resource (社会資源) that is not an agency.',
  [TAXONOMY.COMMUNITY_RESOURCE_KIND]: 'The kinds of community resource (社会資源) of the Tsunagu directory.',
  [TAXONOMY.AREA_LEVEL]:
    'The layer of a service area (重層的な圏域): neighbourhood, school district, municipality or prefecture.',
  [TAXONOMY.RESPONSE_TARGET]:
    'The response targets an agency commits to per referral urgency: <URGENCY>_ACKNOWLEDGE and <URGENCY>_DECIDE carry an ISO 8601 duration in the attribute value; <URGENCY>_BUSINESS_TIME is "true" when the durations count business time only (weekdays that are not Japanese public holidays).',
};

const RESOURCE_KIND_LABELS: Record<CommunityResourceKind, string> = {
  [CommunityResourceKind.WATCH_NETWORK]: '見守り隊・見守りネットワーク / Watch network',
  [CommunityResourceKind.GATHERING_PLACE]: '居場所 / Gathering place',
  [CommunityResourceKind.HOUSING_SUPPORT]: '居住サポート / Housing support',
  [CommunityResourceKind.FOOD_SUPPORT]: '食の支援 / Food support',
  [CommunityResourceKind.PEER_GROUP]: '当事者団体・ピアグループ / Peer group',
  [CommunityResourceKind.VOLUNTEER]: 'ボランティア / Volunteers',
  [CommunityResourceKind.WORK_PLACE]: '働く場 / Work place',
  [CommunityResourceKind.LEARNING_SUPPORT]: '学習支援 / Learning support',
  [CommunityResourceKind.MONEY_MANAGEMENT]: '金銭管理 / Money management',
  [CommunityResourceKind.OTHER]: 'その他 / Other',
};

const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  [AreaLevel.NEIGHBOURHOOD]: '地区 / Neighbourhood',
  [AreaLevel.SCHOOL_DISTRICT]: '学区 / School district',
  [AreaLevel.MUNICIPALITY]: '市区町村 / Municipality',
  [AreaLevel.PREFECTURE]: '都道府県 / Prefecture',
};

const PART_LABELS: Record<ResponseTargetPart, string> = {
  ACKNOWLEDGE: 'acknowledge within (ISO 8601 duration)',
  DECIDE: 'decide within (ISO 8601 duration)',
  BUSINESS_TIME: 'durations count business time only ("true" or "false")',
};

export function taxonomy(name: TaxonomyName): HsdsTaxonomy {
  return {
    id: taxonomyIdOf(name),
    name,
    description: TAXONOMY_DESCRIPTIONS[name],
    version: TSUNAGU_TAXONOMY_VERSION,
  };
}

function term(taxonomyName: TaxonomyName, code: string, name: string, description: string): HsdsTaxonomyTerm {
  return {
    id: taxonomyTermIdOf(taxonomyName, code),
    code,
    name,
    description,
    taxonomy: taxonomyName,
    taxonomy_id: taxonomyIdOf(taxonomyName),
  };
}

export function responseTargetCode(urgency: Urgency, part: ResponseTargetPart): string {
  return `${urgency}_${part}`;
}

function buildTerms(): Map<string, HsdsTaxonomyTerm> {
  const terms: HsdsTaxonomyTerm[] = [
    ...NEED_CATEGORIES.map((need) =>
      term(TAXONOMY.NEED_CATEGORY, need.code, need.labelEn, `${need.labelJa}: ${need.descriptionJa}`),
    ),
    ...SECTORS.map((sector) =>
      term(TAXONOMY.SECTOR, sector.code, sector.labelEn, `${sector.labelJa} (${sector.systemJa} / ${sector.systemEn})`),
    ),
    term(TAXONOMY.RECORD_KIND, RECORD_KIND.AGENCY, 'Agency', '関係機関: an agency of the referral directory.'),
    term(
      TAXONOMY.RECORD_KIND,
      RECORD_KIND.COMMUNITY_RESOURCE,
      'Community resource',
      '社会資源: a resource of the community that is not an agency and does not receive referrals.',
    ),
    ...Object.values(CommunityResourceKind).map((kind) =>
      term(TAXONOMY.COMMUNITY_RESOURCE_KIND, kind, kind, RESOURCE_KIND_LABELS[kind]),
    ),
    ...Object.values(AreaLevel).map((level) => term(TAXONOMY.AREA_LEVEL, level, level, AREA_LEVEL_LABELS[level])),
    ...Object.values(Urgency).flatMap((urgency) =>
      RESPONSE_TARGET_PARTS.map((part) =>
        term(
          TAXONOMY.RESPONSE_TARGET,
          responseTargetCode(urgency, part),
          responseTargetCode(urgency, part),
          `${urgency} referrals: ${PART_LABELS[part]}.`,
        ),
      ),
    ),
  ];
  return new Map(terms.map((entry) => [`${entry.taxonomy}/${entry.code}`, entry]));
}

let cachedTerms: Map<string, HsdsTaxonomyTerm> | null = null;

function termIndex(): Map<string, HsdsTaxonomyTerm> {
  cachedTerms ??= buildTerms();
  return cachedTerms;
}

/** Every taxonomy of this view, in a stable order. */
export function allTaxonomies(): HsdsTaxonomy[] {
  return Object.values(TAXONOMY).map(taxonomy);
}

/** Every term of every taxonomy, grouped by taxonomy in the order of `allTaxonomies`. */
export function allTaxonomyTerms(): HsdsTaxonomyTerm[] {
  return [...termIndex().values()].map((entry) => ({ ...entry }));
}

/** The term of `code` in `taxonomyName`, or null for a code the taxonomy does not have (a retired need code). */
export function findTerm(taxonomyName: TaxonomyName, code: string): HsdsTaxonomyTerm | null {
  const found = termIndex().get(`${taxonomyName}/${code}`);
  return found ? { ...found } : null;
}
