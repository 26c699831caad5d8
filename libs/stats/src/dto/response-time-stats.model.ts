import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Agency, Sector, Urgency } from '@tsunagu/directory';
import { BacklogAge, StatsGroupBy } from './enums.js';

@ObjectType({
  description:
    'One duration over the referrals of a group that reached its end point, in milliseconds. Count, max and mean are exact. Percentiles are interpolated (percentile_cont) over every duration of the group, or over a fixed sample of it when the request selects more durations than STATS_PERCENTILE_SAMPLE (see percentileSampleSize). All but the counts are null when count is 0.',
})
export class DurationSummary {
  @Field(() => Int)
  count: number;

  @Field(() => Int, {
    description:
      'How many durations the percentiles were computed from: count when they are exact, fewer when they come from the fixed sample of referrals (docs/statistics.md).',
  })
  percentileSampleSize: number;

  @Field(() => Float, { nullable: true })
  p50Ms: number | null;

  @Field(() => Float, { nullable: true })
  p90Ms: number | null;

  @Field(() => Float, { nullable: true })
  p95Ms: number | null;

  @Field(() => Float, { nullable: true })
  maxMs: number | null;

  @Field(() => Float, { nullable: true })
  meanMs: number | null;
}

@ObjectType({
  description:
    'A duration in calendar (elapsed) time and in business time (09:00–17:00 JST on business days: no weekends, Japanese public holidays or 12/29–1/3).',
})
export class ResponseTimeMeasure {
  @Field(() => DurationSummary)
  calendar: DurationSummary;

  @Field(() => DurationSummary)
  business: DurationSummary;
}

@ObjectType({
  description:
    'Referrals with a due time whose outcome is known: met (done by the due time) or missed (done later, or still not done when the due time passed). share = met / (met + missed).',
})
export class TargetAttainment {
  @Field(() => Int)
  met: number;

  @Field(() => Int)
  missed: number;

  @Field(() => Float, { nullable: true, description: 'Null when no referral counts yet.' })
  share: number | null;
}

@ObjectType({ description: 'Referrals overdue now, as in referrals(filter: { overdue: true }).' })
export class OverdueCount {
  @Field(() => Int, { description: 'Still REQUESTED after the acknowledgement due time.' })
  acknowledge: number;

  @Field(() => Int, { description: 'Still REQUESTED or RECEIVED after the decision due time.' })
  decision: number;

  @Field(() => Int, { description: 'Overdue on either (a referral counts once).' })
  total: number;
}

@ObjectType()
export class BacklogBucket {
  @Field(() => BacklogAge)
  age: BacklogAge;

  @Field(() => Int, {
    description: 'Open referrals (REQUESTED, RECEIVED, ACCEPTED, IN_PROGRESS, ON_HOLD) of this age.',
  })
  open: number;

  @Field(() => Int, { description: 'Of those, still waiting for a decision (REQUESTED or RECEIVED).' })
  awaitingDecision: number;
}

@ObjectType({
  description:
    'Response times of one group of referrals (those sent in the filter’s period), measured from sending. No person data.',
})
export class ResponseTimeStats {
  @Field(() => StatsGroupBy)
  groupBy: StatsGroupBy;

  @Field({
    description:
      'The group: an agency id, a Sector, an Urgency, the Monday of a week (YYYY-MM-DD) or a month (YYYY-MM).',
  })
  key: string;

  @Field(() => ID, { nullable: true, description: 'groupBy AGENCY: the receiving agency.' })
  agencyId: string | null;

  @Field(() => Agency, { nullable: true, description: 'groupBy AGENCY: the receiving agency.' })
  agency?: Agency | null;

  @Field(() => Sector, { nullable: true, description: 'groupBy SECTOR.' })
  sector: Sector | null;

  @Field(() => Urgency, { nullable: true, description: 'groupBy URGENCY.' })
  urgency: Urgency | null;

  @Field(() => String, { nullable: true, description: 'groupBy WEEK or MONTH: the first day (JST, YYYY-MM-DD).' })
  periodStart: string | null;

  @Field(() => Int, { description: 'Referrals sent in the period in this group (shown when suppressed too).' })
  referralCount: number;

  @Field({
    description:
      'True when the group’s figures (acknowledge, decision, start, completion, acknowledgeTarget, decisionTarget, overdue, backlog) are withheld and null: for an ordinary agency’s key, the group holds at least one but fewer than STATS_RESPONSE_MIN_CELL (default 5) referrals received by other agencies, whose few times, targets and states would be those agencies’ own business. Referrals received by the caller’s own agency neither count towards the minimum nor cause it; the hub admin and hub coordinators see every group. See docs/statistics.md.',
  })
  suppressed: boolean;

  @Field(() => ResponseTimeMeasure, {
    nullable: true,
    description: 'From sending to acknowledgement (RECEIVED). Null when suppressed.',
  })
  acknowledge: ResponseTimeMeasure | null;

  @Field(() => ResponseTimeMeasure, {
    nullable: true,
    description: 'From sending to the decision (ACCEPTED or REJECTED). Null when suppressed.',
  })
  decision: ResponseTimeMeasure | null;

  @Field(() => ResponseTimeMeasure, {
    nullable: true,
    description: 'From sending to the start of support (first IN_PROGRESS). Null when suppressed.',
  })
  start: ResponseTimeMeasure | null;

  @Field(() => ResponseTimeMeasure, {
    nullable: true,
    description: 'From sending to completion (COMPLETED only). Null when suppressed.',
  })
  completion: ResponseTimeMeasure | null;

  @Field(() => TargetAttainment, {
    nullable: true,
    description: 'Acknowledged by the acknowledgement due time. Null when suppressed.',
  })
  acknowledgeTarget: TargetAttainment | null;

  @Field(() => TargetAttainment, {
    nullable: true,
    description: 'Decided by the decision due time. Null when suppressed.',
  })
  decisionTarget: TargetAttainment | null;

  @Field(() => OverdueCount, { nullable: true, description: 'Null when suppressed.' })
  overdue: OverdueCount | null;

  @Field(() => [BacklogBucket], {
    nullable: true,
    description: 'Open referrals by age, every bucket in order. Null when suppressed.',
  })
  backlog: BacklogBucket[] | null;
}
