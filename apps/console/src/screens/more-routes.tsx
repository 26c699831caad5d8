import type { ConsoleRoute } from './routes';

/** The person, case conferences and tasks, the council board and the coordinators' dashboard. */
export const MORE_ROUTES: ConsoleRoute[] = [];
