/**
 * The browser suite's jest configuration (`npm run test:browser`): the e2e project's transform, module mapping and
 * database set-up, only `*.browser-spec.ts`. The tests drive the machine's Chromium (`CHROMIUM_PATH`, default
 * `/usr/bin/chromium`; Debian's `chromium` package) with playwright-core, which downloads nothing.
 */
import base from '../../jest.config.js';

const e2e = base.projects.find((project) => project.displayName === 'e2e');

export default {
  testTimeout: 120_000,
  projects: [{ ...e2e, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] }],
};
