import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsDateString, IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DataCategory } from './enums.js';

@ObjectType({
  description: '本人. Fields outside what the caller may see come back null and are listed in `redacted`.',
})
export class Person {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'IDENTITY' })
  familyName: string | null;

  @Field(() => String, { nullable: true, description: 'IDENTITY' })
  givenName: string | null;

  @Field(() => String, { nullable: true, description: 'IDENTITY' })
  familyNameKana: string | null;

  @Field(() => String, { nullable: true, description: 'IDENTITY' })
  givenNameKana: string | null;

  @Field(() => String, { nullable: true, description: 'IDENTITY (YYYY-MM-DD)' })
  birthDate: string | null;

  @Field(() => String, { nullable: true, description: 'CONTACT' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'CONTACT' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'CONTACT' })
  municipalityCode: string | null;

  @Field(() => String, { nullable: true, description: 'CONTACT' })
  address: string | null;

  @Field(() => String, { nullable: true, description: 'HOUSEHOLD' })
  householdNotes: string | null;

  @Field(() => String, { nullable: true, description: 'HEALTH_DISABILITY (要配慮個人情報)' })
  healthDisability: string | null;

  @Field(() => String, { nullable: true, description: 'INCOME_DEBT' })
  incomeDebt: string | null;

  @Field(() => String, { nullable: true, description: 'EMPLOYMENT' })
  employment: string | null;

  @Field(() => String, { nullable: true, description: 'EDUCATION' })
  education: string | null;

  @Field(() => String, { nullable: true, description: 'JUSTICE (要配慮個人情報)' })
  justice: string | null;

  @Field(() => String, { nullable: true, description: 'CASE_NOTES' })
  caseNotes: string | null;

  @Field(() => [DataCategory], { description: 'The categories masked for the caller.' })
  redacted: DataCategory[];
}

const NOTE = 4000;

@InputType()
export class RegisterPersonInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s]{1,100}$/u, { message: '$property must be kana' })
  familyNameKana?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s]{1,100}$/u, { message: '$property must be kana' })
  givenNameKana?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'birthDate must be a real date' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[0-9+()\- ]{6,32}$/, { message: 'phone must be a telephone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: '6-digit local-government code' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  householdNotes?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  healthDisability?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  incomeDebt?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  employment?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  education?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  justice?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  caseNotes?: string | null;
}
