import type { ReactNode } from 'react';
import type { StaffRole } from '../session';

/**
 * One screen of the console; `nav` puts it in the header's navigation, labelled by a `common` message key;
 * `roles`, when given, limits that navigation entry to staff of those roles.
 */
export interface ConsoleRoute {
  path: string;
  element: ReactNode;
  nav?: { labelKey: string; order: number };
  roles?: StaffRole[];
}
