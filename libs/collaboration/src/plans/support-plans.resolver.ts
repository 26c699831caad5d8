import { Args, Field, ID, InputType, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsDateString, IsOptional, IsUUID, Matches } from 'class-validator';
import {
  CurrentAuth,
  InputValidationPipe,
  pageRequest,
  RequireScopes,
  Scope,
  TextPipe,
  UuidPipe,
  type AuthContext,
  type Connection,
} from '@tsunagu/platform';
import { SupportPlan, SupportTask, SupportTaskConnection, SupportTaskFilter } from './dto/support-plan.model.js';
import { SupportPlansService } from './support-plans.service.js';

@InputType()
export class SetSupportPlanReviewInput {
  @Field(() => ID)
  @IsUUID()
  personId: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD (JST), today or later; null clears it.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'nextReviewOn must be YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'nextReviewOn must be a real date' })
  nextReviewOn?: string | null;

  @Field(() => Int)
  expectedVersion: number;
}

/** The plan and its tasks are text about the person: every operation needs persons:read as well. */
@Resolver()
export class SupportPlansResolver {
  constructor(private readonly plans: SupportPlansService) {}

  @Query(() => SupportPlan, {
    description:
      'The person’s shared support plan with every version and its diff; audited. NOT_FOUND without CASE_NOTES.',
  })
  @RequireScopes(Scope.CONFERENCES_READ, Scope.PERSONS_READ)
  supportPlan(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
  ): Promise<SupportPlan> {
    return this.plans.plan(caller, personId);
  }

  @Query(() => SupportTaskConnection, { description: 'Support tasks, oldest first (the caller’s own by default).' })
  @RequireScopes(Scope.CONFERENCES_READ, Scope.PERSONS_READ)
  supportTasks(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => SupportTaskFilter, nullable: true }, new InputValidationPipe(SupportTaskFilter))
    filter: SupportTaskFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<SupportTask>> {
    return this.plans.tasks(caller, filter, pageRequest(first, after, 100));
  }

  @Mutation(() => SupportTask, { description: 'OPEN → DONE, by the owner agency or the plan’s lead.' })
  @RequireScopes(Scope.CONFERENCES_WRITE, Scope.PERSONS_READ)
  completeSupportTask(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<SupportTask> {
    return this.plans.completeSupportTask(caller, id, expectedVersion);
  }

  @Mutation(() => SupportTask, { description: 'OPEN → DROPPED with a reason, by the owner agency or the plan’s lead.' })
  @RequireScopes(Scope.CONFERENCES_WRITE, Scope.PERSONS_READ)
  dropSupportTask(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('reason', new TextPipe(2000, true)) reason: string,
  ): Promise<SupportTask> {
    return this.plans.dropSupportTask(caller, id, expectedVersion, reason);
  }

  @Mutation(() => SupportPlan, { description: 'The lead sets the next review date (モニタリング).' })
  @RequireScopes(Scope.CONFERENCES_WRITE, Scope.PERSONS_READ)
  setSupportPlanReview(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: SetSupportPlanReviewInput,
  ): Promise<SupportPlan> {
    return this.plans.setReview(caller, input.personId, input.nextReviewOn ?? null, input.expectedVersion);
  }
}
