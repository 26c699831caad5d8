import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { type AreaLevel } from '../dto/enums.js';
import type { AgencyEntity } from './agency.entity.js';

@Entity({ name: 'agency_service_area' })
export class AgencyServiceAreaEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('AgencyEntity', 'serviceAreas', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity;

  @Column({ type: 'varchar', length: 20 })
  level: AreaLevel;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  /** Derived from `code` on write, so area look-ups are plain index scans. */
  @Column({ name: 'prefecture_code', type: 'char', length: 6 })
  prefectureCode: string;

  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true })
  municipalityCode: string | null;
}
