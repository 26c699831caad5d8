import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Sector } from '../data/sectors.js';

@Entity({ name: 'collaboration_pathway' })
export class CollaborationPathwayEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'from_sector', type: 'varchar', length: 32 })
  fromSector: Sector;

  @Column({ name: 'to_sector', type: 'varchar', length: 32 })
  toSector: Sector;

  @Column({ name: 'purpose_ja', type: 'text' })
  purposeJa: string;

  @Column({ name: 'purpose_en', type: 'text' })
  purposeEn: string;
}
