import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 本人: the person referred. Fields are disclosed or masked by data category (see person-fields.ts). */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'registered_by_agency_id', type: 'uuid' })
  registeredByAgencyId: string;

  @Column({ name: 'family_name', type: 'varchar', length: 100 })
  familyName: string;

  @Column({ name: 'given_name', type: 'varchar', length: 100 })
  givenName: string;

  @Column({ name: 'family_name_kana', type: 'varchar', length: 100, nullable: true })
  familyNameKana: string | null;

  @Column({ name: 'given_name_kana', type: 'varchar', length: 100, nullable: true })
  givenNameKana: string | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true })
  municipalityCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ name: 'household_notes', type: 'text', nullable: true })
  householdNotes: string | null;

  @Column({ name: 'health_disability', type: 'text', nullable: true })
  healthDisability: string | null;

  @Column({ name: 'income_debt', type: 'text', nullable: true })
  incomeDebt: string | null;

  @Column({ type: 'text', nullable: true })
  employment: string | null;

  @Column({ type: 'text', nullable: true })
  education: string | null;

  @Column({ type: 'text', nullable: true })
  justice: string | null;

  @Column({ name: 'case_notes', type: 'text', nullable: true })
  caseNotes: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
