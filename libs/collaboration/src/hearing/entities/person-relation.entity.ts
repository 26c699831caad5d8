import { type EcomapDirection, type EcomapStrength } from '../../shared/ecomap-sources.js';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type PersonRelationKind } from '../dto/person-relation.model.js';

/** Someone or something in the person's life, as drawn in the ecomap (seed 1-13, 3-7). */
@Entity({ name: 'person_relation' })
export class PersonRelationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: PersonRelationKind;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ type: 'varchar', length: 16 })
  strength: EcomapStrength;

  @Column({ type: 'varchar', length: 16 })
  direction: EcomapDirection;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The directory's community resource the relation is with, if any: drawn as a COMMUNITY_RESOURCE node. */
  @Column({ name: 'community_resource_id', type: 'uuid', nullable: true })
  communityResourceId: string | null;

  @Column({ name: 'created_by_agency_id', type: 'uuid' })
  createdByAgencyId: string;

  @Column({ name: 'updated_by_agency_id', type: 'uuid' })
  updatedByAgencyId: string;

  @Column({ name: 'removed_by_agency_id', type: 'uuid', nullable: true })
  removedByAgencyId: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
