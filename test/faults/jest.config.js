/**
 * The fault suite's own jest configuration (`npm run test:faults`, docs/reliability.md): the e2e project's
 * transform and module mapping, only `*.faults-spec.ts`, no shared test database (the suite runs its own
 * PostgreSQL and Redis). Not part of `npm test`: jest.config.js does not match these files.
 */
import base from '../../jest.config.js';

const e2e = base.projects.find((project) => project.displayName === 'e2e');
const shared = { ...e2e };
delete shared.globalSetup;
delete shared.globalTeardown;

export default {
  testTimeout: 60 * 60_000,
  projects: [{ ...shared, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'] }],
};
