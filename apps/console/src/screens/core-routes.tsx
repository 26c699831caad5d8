import { ConsentFormScreen } from './referrals/consent-form';
import { ReferralInbox } from './referrals/inbox';
import { NewReferralScreen } from './referrals/new-referral';
import { ReferralScreen } from './referrals/referral';
import type { ConsoleRoute } from './routes';
import './referrals/messages';

/** Referral work: inbox and outbox, a referral, a new referral with its consent gate. */
export const CORE_ROUTES: ConsoleRoute[] = [
  { path: '/', element: <ReferralInbox />, nav: { labelKey: 'referrals:nav.inbox', order: 10 } },
  { path: '/referrals/new', element: <NewReferralScreen />, nav: { labelKey: 'referrals:nav.new', order: 20 } },
  { path: '/referrals/consent-form', element: <ConsentFormScreen /> },
  { path: '/referrals/:id', element: <ReferralScreen /> },
];
