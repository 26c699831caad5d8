import { registerEnumType } from '@nestjs/graphql';

export enum StatsGroupBy {
  AGENCY = 'AGENCY',
  SECTOR = 'SECTOR',
  URGENCY = 'URGENCY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

/** How long an open referral has been open (since it was sent), in calendar time. */
export enum BacklogAge {
  UNDER_1_DAY = 'UNDER_1_DAY',
  DAYS_1_TO_3 = 'DAYS_1_TO_3',
  DAYS_3_TO_7 = 'DAYS_3_TO_7',
  DAYS_7_TO_30 = 'DAYS_7_TO_30',
  OVER_30_DAYS = 'OVER_30_DAYS',
}

registerEnumType(StatsGroupBy, {
  name: 'StatsGroupBy',
  description:
    'AGENCY and SECTOR: the receiving agency and its sector. URGENCY: the referral’s. WEEK (from Monday) and MONTH: when it was sent, in JST.',
});
registerEnumType(BacklogAge, {
  name: 'BacklogAge',
  description:
    'Age buckets of open referrals since sending: [0, 1 d), [1 d, 3 d), [3 d, 7 d), [7 d, 30 d), 30 d and more.',
});
