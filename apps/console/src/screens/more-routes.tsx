import { ConferenceScreen } from './conferences/detail';
import { ConferencesScreen } from './conferences/list';
import { ScheduleConferenceScreen } from './conferences/schedule';
import { CouncilBoardScreen } from './council/board';
import { DashboardScreen } from './dashboard/dashboard';
import { PersonScreen } from './person/person';
import { PersonsScreen } from './person/persons';
import type { ConsoleRoute } from './routes';

/** The person, case conferences and tasks, the council board and the coordinators' dashboard. */
export const MORE_ROUTES: ConsoleRoute[] = [
  { path: '/persons', element: <PersonsScreen />, nav: { labelKey: 'person:nav', order: 40 } },
  { path: '/persons/:id', element: <PersonScreen /> },
  { path: '/conferences', element: <ConferencesScreen />, nav: { labelKey: 'conferences:nav', order: 50 } },
  { path: '/conferences/new', element: <ScheduleConferenceScreen /> },
  { path: '/conferences/:id', element: <ConferenceScreen /> },
  { path: '/council', element: <CouncilBoardScreen />, nav: { labelKey: 'council:nav', order: 60 } },
  { path: '/dashboard', element: <DashboardScreen />, nav: { labelKey: 'dashboard:nav', order: 70 } },
];
