import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigOrExit, Metrics, registerHttpMetrics, registerRequestIdHook, requestId } from '@tsunagu/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

/**
 * With Redis unreachable, BullMQ's close waits for it forever. Past this the worker exits anyway: the outbox
 * relay has stopped by then (its rows are committed or rolled back), and jobs still held are retried elsewhere
 * once their lock lapses. Below the usual 30 s an orchestrator waits before SIGKILL.
 */
const SHUTDOWN_TIMEOUT_MS = 25_000;

const config = loadConfigOrExit();
const adapter = new FastifyAdapter({ logger: false, genReqId: requestId });
registerRequestIdHook(adapter.getInstance());
const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), adapter, {
  bufferLogs: true,
});
app.useLogger(app.get(Logger));
registerHttpMetrics(adapter.getInstance(), app.get(Metrics));
// SIGTERM closes the application: processors finish or release their jobs before the process exits.
app.enableShutdownHooks();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    setTimeout(() => {
      app
        .get(Logger)
        .error(`Shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms (Redis unreachable?); exiting`, 'Bootstrap');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
  });
}
await app.listen({ port: config.WORKER_HEALTH_PORT, host: config.HOST });
app.get(Logger).log(`Tsunagu worker running (health on port ${config.WORKER_HEALTH_PORT})`, 'Bootstrap');
