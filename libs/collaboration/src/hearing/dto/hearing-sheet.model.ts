import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Agency } from '@tsunagu/directory';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { HearingSheetGroup } from '../hearing-sheet.js';
import { PersonRelationKind } from './person-relation.model.js';

registerEnumType(HearingSheetGroup, {
  name: 'HearingSheetGroup',
  description:
    'COMMUNITY_TIES 地域の関わり (1–5), RELIABLE_RESOURCES 頼りになる資源 (6–9), PERSONAL_POWER 本人のパワー (10–13)',
});

@ObjectType({ description: 'Someone or something an answer names.' })
export class HearingSheetEntry {
  @Field()
  label: string;

  @Field(() => PersonRelationKind, { nullable: true })
  kind: PersonRelationKind | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType({ description: 'One of the 13 items, with its question and the answer (empty when unanswered).' })
export class HearingSheetItem {
  @Field(() => Int, { description: '1–13' })
  number: number;

  @Field(() => HearingSheetGroup)
  group: HearingSheetGroup;

  @Field({ description: 'The group in Japanese, e.g. 地域の関わり.' })
  groupLabel: string;

  @Field({ description: 'The question in Japanese (seed 1-12).' })
  question: string;

  @Field(() => String, { nullable: true, description: 'The answer in free text.' })
  text: string | null;

  @Field(() => [HearingSheetEntry])
  entries: HearingSheetEntry[];
}

@ObjectType({ description: 'A saved version: who saved it and when (the content stays with the sheet’s history).' })
export class HearingSheetRevision {
  @Field(() => Int)
  version: number;

  @Field()
  savedAt: Date;

  @Field(() => Agency, { nullable: true, description: 'The agency that saved this version.' })
  savedByAgency: Agency | null;
}

@ObjectType({
  description:
    '地域変革のためのヒアリングシート: 13 items in three groups, under SUPPORT_NETWORK. Version 0 means not saved yet.',
})
export class HearingSheet {
  @Field(() => ID)
  personId: string;

  @Field(() => Int, { description: 'Pass it as expectedVersion to saveHearingSheet.' })
  version: number;

  @Field(() => [HearingSheetItem], { description: 'Always the 13 items, in order.' })
  items: HearingSheetItem[];

  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;

  @Field(() => Agency, { nullable: true })
  updatedByAgency: Agency | null;

  @Field(() => [HearingSheetRevision], { description: 'Every saved version, newest first.' })
  history: HearingSheetRevision[];
}

@InputType()
export class HearingSheetEntryInput {
  @Field({ description: '1–100 characters.' })
  @IsString()
  @MaxLength(100)
  label: string;

  @Field(() => PersonRelationKind, { nullable: true })
  @IsOptional()
  kind?: PersonRelationKind | null;

  @Field(() => String, { nullable: true, description: 'At most 1000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

@InputType()
export class HearingSheetAnswerInput {
  @Field(() => Int, { description: 'The item, 1–13; each at most once.' })
  @IsInt()
  number: number;

  @Field(() => String, { nullable: true, description: 'At most 4000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  text?: string | null;

  @Field(() => [HearingSheetEntryInput], { nullable: true, description: 'At most 20.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HearingSheetEntryInput)
  entries?: HearingSheetEntryInput[] | null;
}
