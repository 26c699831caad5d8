import type { ConsoleRoute } from './routes';

/** Referral work: inbox and outbox, a referral, a new referral with its consent gate. */
export const CORE_ROUTES: ConsoleRoute[] = [];
