import { Logger } from '@nestjs/common';

/**
 * Runs before every test file. Specs provoke failures on purpose (a failed round, a retried transaction) and
 * services log them through Nest's `Logger`, whose default console output would litter the run's summary. Apps
 * booted by e2e tests log through pino at LOG_LEVEL=silent (`app.useLogger`); specs that check a log line spy on
 * `Logger.prototype`, which still sees every call.
 */
Logger.overrideLogger(false);
