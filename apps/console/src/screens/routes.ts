import type { ReactNode } from 'react';

/** One screen of the console; `nav` puts it in the header's navigation, labelled by a `common` message key. */
export interface ConsoleRoute {
  path: string;
  element: ReactNode;
  nav?: { labelKey: string; order: number };
}
