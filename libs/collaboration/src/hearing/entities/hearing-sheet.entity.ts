import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type HearingAnswer } from '../hearing-sheet.js';

/** The person's current hearing sheet (地域変革のためのヒアリングシート): only the answered items are stored. */
@Entity({ name: 'hearing_sheet' })
export class HearingSheetEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'jsonb' })
  answers: HearingAnswer[];

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'updated_by_agency_id', type: 'uuid' })
  updatedByAgencyId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Every saved version of a hearing sheet (append-only, enforced by a trigger). */
@Entity({ name: 'hearing_sheet_version' })
export class HearingSheetVersionEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  answers: HearingAnswer[];

  @Column({ name: 'saved_by_agency_id', type: 'uuid' })
  savedByAgencyId: string;

  @Column({ name: 'saved_at', type: 'timestamptz' })
  savedAt: Date;
}
