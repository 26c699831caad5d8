/**
 * A jest reporter for `npm test`, after jest's own: one plain closing line with the test counts, for people and
 * for tools that read them (`tests: 1793 passed, 0 failed`).
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
