import { AccountScreen } from './account/account';
import { ApiKeysScreen } from './account/api-keys';
import { ForgotPasswordScreen } from './account/forgot-password';
import { ResetPasswordScreen } from './account/reset-password';
import { StaffScreen } from './account/staff';
import type { ConsoleRoute } from './routes';
import './account/messages';

/** My account and its second factor; the agency's staff accounts and API keys (agency and hub admins). */
export const ACCOUNT_ROUTES: ConsoleRoute[] = [
  {
    path: '/staff',
    element: <StaffScreen />,
    nav: { labelKey: 'account:nav.staff', order: 80 },
    roles: ['AGENCY_ADMIN', 'HUB_ADMIN'],
  },
  {
    path: '/api-keys',
    element: <ApiKeysScreen />,
    nav: { labelKey: 'account:nav.apiKeys', order: 85 },
    roles: ['AGENCY_ADMIN', 'HUB_ADMIN'],
  },
  { path: '/account', element: <AccountScreen />, nav: { labelKey: 'account:nav', order: 90 } },
];

/**
 * Pages without a session: asking for a reset link, and choosing a password with a set-up or reset link. Both
 * render their own <main> and stay reachable while signed in (an admin may open a set-up link to check it).
 */
export const PUBLIC_ACCOUNT_ROUTES: ConsoleRoute[] = [
  { path: '/forgot-password', element: <ForgotPasswordScreen /> },
  { path: '/reset-password', element: <ResetPasswordScreen /> },
];
