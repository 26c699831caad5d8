import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The kinds of community resource (社会資源), formal or informal, that are not agencies of the directory. */
export enum CommunityResourceKind {
  /** 見守り隊・見守りネットワーク */
  WATCH_NETWORK = 'WATCH_NETWORK',
  /** 居場所 (サロン, カフェ, 子どもの居場所) */
  GATHERING_PLACE = 'GATHERING_PLACE',
  /** 居住サポート (入居支援, 見守り付き住まい) */
  HOUSING_SUPPORT = 'HOUSING_SUPPORT',
  /** 食の支援 (子ども食堂, フードバンク, フードパントリー) */
  FOOD_SUPPORT = 'FOOD_SUPPORT',
  /** 当事者団体・ピアグループ */
  PEER_GROUP = 'PEER_GROUP',
  /** ボランティア */
  VOLUNTEER = 'VOLUNTEER',
  /** 働く場 (中間的就労, 協力事業所) */
  WORK_PLACE = 'WORK_PLACE',
  /** 学習支援 */
  LEARNING_SUPPORT = 'LEARNING_SUPPORT',
  /** 金銭管理 */
  MONEY_MANAGEMENT = 'MONEY_MANAGEMENT',
  OTHER = 'OTHER',
}

export enum CommunityResourceStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/** Seed 3-8's criteria for a good community resource, each rated 1 (weak) to 3 (strong) where known. */
export const RATING_CRITERIA = [
  'personCentred',
  'circularity',
  'humanity',
  'residentCollaboration',
  'versatility',
  'selectability',
  'sustainability',
] as const;
export type RatingCriterion = (typeof RATING_CRITERIA)[number];
export type ResourceRatings = Partial<Record<RatingCriterion, number>>;
export const RATING_MIN = 1;
export const RATING_MAX = 3;

@Entity({ name: 'community_resource' })
export class CommunityResourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: CommunityResourceKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'need_categories', type: 'varchar', length: 32, array: true })
  needCategories: string[];

  @Column({ name: 'municipality_codes', type: 'char', length: 6, array: true })
  municipalityCodes: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  contact: string | null;

  @Column({ type: 'jsonb', default: {} })
  ratings: ResourceRatings;

  @Column({ type: 'varchar', length: 16, default: CommunityResourceStatus.ACTIVE })
  status: CommunityResourceStatus;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;

  @Column({ name: 'developed_from_issue_id', type: 'uuid', nullable: true })
  developedFromIssueId: string | null;

  @Column({ name: 'improved_by_issue_ids', type: 'uuid', array: true, default: () => "'{}'" })
  improvedByIssueIds: string[];

  @Column({ name: 'created_by_agency_id', type: 'uuid', nullable: true })
  createdByAgencyId: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
