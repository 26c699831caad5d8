import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { UuidPipe } from '../../validation/uuid.pipe.js';
import { Authenticated, CurrentAuth } from '../access.decorators.js';
import { type AuthContext } from '../auth-context.js';
import { StaffMemberEntity } from './staff-member.entity.js';
import { StaffAuthService } from './staff-auth.service.js';
import { StaffService } from './staff.service.js';
import {
  CreateStaffMemberInput,
  StaffInvitationModel,
  StaffMemberModel,
  TotpCodeInput,
  TotpEnrollmentModel,
} from './staff.models.js';

export function toStaffMemberModel(member: StaffMemberEntity, now = new Date()): StaffMemberModel {
  return {
    id: member.id,
    agencyId: member.agencyId,
    email: member.email,
    displayName: member.displayName,
    role: member.role,
    totpEnabled: member.totpEnabledAt !== null,
    locked: member.lockedUntil !== null && member.lockedUntil > now,
    lockedUntil: member.lockedUntil,
    passwordSet: member.passwordHash !== null && member.passwordHash !== undefined,
    createdAt: member.createdAt,
    deactivatedAt: member.deactivatedAt,
  };
}

@Resolver(() => StaffMemberModel)
export class StaffResolver {
  constructor(
    private readonly staff: StaffService,
    private readonly auth: StaffAuthService,
  ) {}

  @Query(() => [StaffMemberModel], {
    description:
      "An agency's staff accounts, newest first: the agency admin's own agency, or (hub admin) the agency " +
      'named by agencyId, or the hub admins without it.',
  })
  @Authenticated()
  async staffMembers(
    @CurrentAuth() caller: AuthContext,
    @Args('agencyId', { type: () => ID, nullable: true }, UuidPipe) agencyId: string | null,
  ): Promise<StaffMemberModel[]> {
    return (await this.staff.list(caller, agencyId)).map((member) => toStaffMemberModel(member));
  }

  @Mutation(() => StaffInvitationModel, {
    description:
      'Creates a staff account (agency admin: in its agency; hub admin: anywhere). The member chooses a ' +
      'password with the set-up token, which is returned in this response only.',
  })
  @Authenticated()
  async createStaffMember(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: CreateStaffMemberInput,
  ): Promise<StaffInvitationModel> {
    const { member, setupToken } = await this.staff.create(caller, input);
    return { staffMember: toStaffMemberModel(member), setupToken };
  }

  @Mutation(() => StaffMemberModel, {
    description: 'Deactivates a staff account for good: its sessions end at once on every API instance.',
  })
  @Authenticated()
  async deactivateStaffMember(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<StaffMemberModel> {
    return toStaffMemberModel(await this.staff.deactivate(caller, id));
  }

  @Mutation(() => Int, {
    description:
      'Ends every session of the calling staff member (this one too) and closes their subscriptions; returns ' +
      'how many sessions there were.',
  })
  @Authenticated()
  async signOutEverywhere(@CurrentAuth() caller: AuthContext): Promise<number> {
    return this.auth.signOutEverywhere(caller);
  }

  @Mutation(() => TotpEnrollmentModel, {
    description: "Starts the caller's TOTP second factor; sign-in asks for codes once it is confirmed.",
  })
  @Authenticated()
  async beginTotpEnrollment(@CurrentAuth() caller: AuthContext): Promise<TotpEnrollmentModel> {
    return this.auth.beginTotpEnrollment(caller);
  }

  @Mutation(() => StaffMemberModel, { description: 'Confirms TOTP enrolment with a code from the app.' })
  @Authenticated()
  async confirmTotpEnrollment(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: TotpCodeInput,
  ): Promise<StaffMemberModel> {
    return toStaffMemberModel(await this.auth.confirmTotpEnrollment(caller, input.code));
  }
}
