import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { ArrayMaxSize, IsOptional, IsUUID } from 'class-validator';
import { GoalTerm, SupportTiming } from '../../conferences/conference-enums.js';
import { SupportTaskStatus } from '../entities/index.js';

registerEnumType(SupportTaskStatus, {
  name: 'SupportTaskStatus',
  description: 'OPEN; DONE (completed); DROPPED (not done, with a reason)',
});

@ObjectType({ description: 'A goal of the plan (目標).' })
export class PlanGoal {
  @Field(() => GoalTerm)
  term: GoalTerm;

  @Field()
  text: string;
}

@ObjectType({ description: 'A support of the plan (支援内容).' })
export class PlanSupport {
  @Field(() => SupportTiming)
  timing: SupportTiming;

  @Field()
  text: string;
}

@ObjectType({ description: 'What a plan version changed against the version before it.' })
export class SupportPlanDiff {
  @Field(() => [PlanGoal])
  goalsAdded: PlanGoal[];

  @Field(() => [PlanGoal])
  goalsRemoved: PlanGoal[];

  @Field(() => [PlanSupport])
  supportsAdded: PlanSupport[];

  @Field(() => [PlanSupport])
  supportsRemoved: PlanSupport[];

  @Field({ description: 'The person’s wish (本人の意向) differs from the previous version’s.' })
  personWishChanged: boolean;

  @Field()
  agreedDirectionChanged: boolean;
}

@ObjectType({ description: 'One version of the plan, as a recorded case conference left it (never changed).' })
export class SupportPlanVersion {
  @Field(() => Int)
  version: number;

  @Field(() => ID, { description: 'The recorded case conference this version comes from.' })
  conferenceId: string;

  @Field(() => ID)
  leadAgencyId: string;

  @Field(() => String, { nullable: true, description: '本人の意向: the person’s wish, in their own words.' })
  personWish: string | null;

  @Field(() => String, { nullable: true, description: 'The direction the team agreed on.' })
  agreedDirection: string | null;

  @Field(() => [PlanGoal])
  goals: PlanGoal[];

  @Field(() => [PlanSupport])
  supports: PlanSupport[];

  @Field(() => String, { nullable: true, description: 'The review date at this version (YYYY-MM-DD).' })
  nextReviewOn: string | null;

  @Field(() => SupportPlanDiff, { description: 'Against the previous version (the first adds everything).' })
  diff: SupportPlanDiff;

  @Field()
  createdAt: Date;
}

@ObjectType({
  description:
    'The person’s shared support plan: one living plan, revised by each recorded case conference (docs/collaboration.md).',
})
export class SupportPlan {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  personId: string;

  @Field(() => ID, { description: 'The lead agency (主担当) of the latest recorded conference.' })
  leadAgencyId: string;

  @Field(() => Int)
  currentVersion: number;

  @Field(() => String, { nullable: true, description: 'Next review (モニタリング), YYYY-MM-DD.' })
  nextReviewOn: string | null;

  @Field(() => Int, { description: 'For expectedVersion in setSupportPlanReview.' })
  version: number;

  @Field(() => SupportPlanVersion)
  current: SupportPlanVersion;

  @Field(() => [SupportPlanVersion], { description: 'Every version, oldest first.' })
  versions: SupportPlanVersion[];

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType({ description: 'A role assignment of a recorded conference (who, what, by when), followed up as a task.' })
export class SupportTask {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  planId: string;

  @Field(() => ID)
  personId: string;

  @Field(() => ID)
  conferenceId: string;

  @Field(() => ID, { nullable: true, description: 'The owner agency; null for an informal owner or none.' })
  ownerAgencyId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'An informal owner (民生委員, family …): role and name. Only for viewers of the plan.',
  })
  ownerLabel: string | null;

  @Field()
  description: string;

  @Field(() => String, { nullable: true, description: 'The last day (YYYY-MM-DD).' })
  dueOn: string | null;

  @Field(() => SupportTaskStatus)
  status: SupportTaskStatus;

  @Field(() => String, { nullable: true })
  dropReason: string | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field({ description: 'OPEN and past its due date (the day has ended, JST).' })
  overdue: boolean;

  /** The assignment's place in its conference's record (the list order). */
  position: number;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const SupportTaskConnection = ConnectionType(SupportTask, 'SupportTask');

@InputType()
export class SupportTaskFilter {
  @Field(() => ID, {
    nullable: true,
    description:
      'The person’s tasks: all of them for a viewer of the plan, otherwise only the caller’s own. Omitted: the caller’s own tasks.',
  })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @Field(() => [SupportTaskStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  status?: SupportTaskStatus[] | null;

  @Field(() => Boolean, { nullable: true })
  overdue?: boolean | null;
}
