import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { StaffRole } from './staff-role.js';

@ObjectType('StaffMember', { description: '職員アカウント / A person who signs in to the console for an agency.' })
export class StaffMemberModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'Null for the hub admin.' })
  agencyId: string | null;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => StaffRole)
  role: StaffRole;

  @Field({ description: 'Whether sign-in asks for a TOTP code as well.' })
  totpEnabled: boolean;

  @Field({ description: 'Locked after repeated failed sign-ins, until lockedUntil.' })
  locked: boolean;

  @Field(() => Date, { nullable: true })
  lockedUntil: Date | null;

  @Field({ description: 'False until the member has chosen a password with the set-up link.' })
  passwordSet: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  deactivatedAt: Date | null;
}

@ObjectType('StaffInvitation')
export class StaffInvitationModel {
  @Field(() => StaffMemberModel)
  staffMember: StaffMemberModel;

  @Field({
    description:
      'Single-use token for choosing a password at /console/reset-password#token=…; returned in this response ' +
      'only, valid for PASSWORD_RESET_TTL.',
  })
  setupToken: string;
}

@ObjectType('TotpEnrollment')
export class TotpEnrollmentModel {
  @Field({ description: 'The base32 secret for an authenticator app; shown in this response only.' })
  secret: string;

  @Field({ description: 'otpauth:// URI (for a QR code).' })
  otpauthUri: string;
}

@InputType()
export class CreateStaffMemberInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @Field(() => StaffRole)
  @IsEnum(StaffRole)
  role: StaffRole;

  @Field(() => ID, {
    nullable: true,
    description: "The member's agency: the agency admin's own by default; required from the hub admin.",
  })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;
}

@InputType()
export class TotpCodeInput {
  @Field({ description: 'The 6-digit code the authenticator app shows now.' })
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be 6 digits' })
  code: string;
}
