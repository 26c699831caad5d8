import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { type Sector } from '../data/sectors.js';
import { AgencyResponseTargetEntity } from './agency-response-target.entity.js';
import { AgencyServiceAreaEntity } from './agency-service-area.entity.js';

@Entity({ name: 'agency' })
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 32 })
  sector: Sector;

  @Column({ type: 'varchar', length: 100 })
  kind: string;

  @Column({ name: 'contact_email', type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @Column({ name: 'need_categories', type: 'text', array: true })
  needCategories: string[];

  @Column({ name: 'accepting_referrals', type: 'boolean', default: true })
  acceptingReferrals: boolean;

  /** The area's hub coordinator (e.g. 基幹相談支援センター): receives escalations, sees network figures. */
  @Column({ name: 'is_hub_coordinator', type: 'boolean', default: false })
  isHubCoordinator: boolean;

  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => AgencyServiceAreaEntity, (area) => area.agency, { cascade: true })
  serviceAreas?: AgencyServiceAreaEntity[];

  @OneToMany(() => AgencyResponseTargetEntity, (target) => target.agency, { cascade: true })
  responseTargets?: AgencyResponseTargetEntity[];
}
