import { Foundation1764165600000 } from './1764165600000-foundation.js';
import { PersonsConsentsReferrals1764172800000 } from './1764172800000-persons-consents-referrals.js';
import { Outbox1764180000000 } from './1764180000000-outbox.js';
import { ReferralClocks1764187200000 } from './1764187200000-referral-clocks.js';
import { ConsentClocks1764194400000 } from './1764194400000-consent-clocks.js';
import { NotificationChannels1764201600000 } from './1764201600000-notification-channels.js';
import { Stats1764208800000 } from './1764208800000-stats.js';
import { ReferralTiming1764216000000 } from './1764216000000-referral-timing.js';
import { WithdrawalReasonNotes1764224100000 } from './1764224100000-withdrawal-reason-notes.js';
import { ApiKeyLifetime1764226800000 } from './1764226800000-api-key-lifetime.js';
import { ClockReconcile1764234000000 } from './1764234000000-clock-reconcile.js';
import { DeliveryOutcomes1764237600000 } from './1764237600000-delivery-outcomes.js';
import { EventStreamCursor1764241200000 } from './1764241200000-event-stream-cursor.js';
import { CaseConferences1764800000000 } from './1764800000000-case-conferences.js';
import { SupportPlans1764803600000 } from './1764803600000-support-plans.js';
import { Councils1764810800000 } from './1764810800000-councils.js';
import { StaffAccounts1764900000000 } from './1764900000000-staff-accounts.js';
import { ReferralTimingCovering1765000000000 } from './1765000000000-referral-timing-covering.js';
import { HearingSheetEcomap1764807200000 } from './1764807200000-hearing-sheet-ecomap.js';
import { ReferralTimingMonthOpen1765100000000 } from './1765100000000-referral-timing-month-open.js';
import { ReferralTimingSampleAgency1765200000000 } from './1765200000000-referral-timing-sample-agency.js';
import { ReferralTimingAgencyCovering1765300000000 } from './1765300000000-referral-timing-agency-covering.js';

/** Every migration, in order. A new migration is added here as well as to this folder. */
export const MIGRATIONS = [
  Foundation1764165600000,
  PersonsConsentsReferrals1764172800000,
  Outbox1764180000000,
  ReferralClocks1764187200000,
  ConsentClocks1764194400000,
  NotificationChannels1764201600000,
  Stats1764208800000,
  ReferralTiming1764216000000,
  WithdrawalReasonNotes1764224100000,
  ApiKeyLifetime1764226800000,
  ClockReconcile1764234000000,
  DeliveryOutcomes1764237600000,
  EventStreamCursor1764241200000,
  CaseConferences1764800000000,
  SupportPlans1764803600000,
  HearingSheetEcomap1764807200000,
  Councils1764810800000,
  StaffAccounts1764900000000,
  ReferralTimingCovering1765000000000,
  ReferralTimingMonthOpen1765100000000,
  ReferralTimingSampleAgency1765200000000,
  ReferralTimingAgencyCovering1765300000000,
];
