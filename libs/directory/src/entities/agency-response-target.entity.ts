import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { type Urgency } from '../dto/enums.js';
import type { AgencyEntity } from './agency.entity.js';

@Entity({ name: 'agency_response_target' })
export class AgencyResponseTargetEntity {
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne('AgencyEntity', 'responseTargets', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  urgency: Urgency;

  /** ISO 8601 duration, e.g. PT4H. */
  @Column({ name: 'acknowledge_within', type: 'varchar', length: 32 })
  acknowledgeWithin: string;

  @Column({ name: 'decide_within', type: 'varchar', length: 32 })
  decideWithin: string;

  /** Whether the durations count business time only (weekdays that are not Japanese public holidays). */
  @Column({ name: 'business_time', type: 'boolean', default: true })
  businessTime: boolean;
}
