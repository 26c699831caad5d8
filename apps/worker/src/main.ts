import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigOrExit, registerRequestIdHook, requestId } from '@tsunagu/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const adapter = new FastifyAdapter({ logger: false, genReqId: requestId });
registerRequestIdHook(adapter.getInstance());
const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), adapter, {
  bufferLogs: true,
});
app.useLogger(app.get(Logger));
// SIGTERM closes the application: processors finish or release their jobs before the process exits.
app.enableShutdownHooks();
await app.listen({ port: config.WORKER_HEALTH_PORT, host: config.HOST });
app.get(Logger).log(`Tsunagu worker running (health on port ${config.WORKER_HEALTH_PORT})`, 'Bootstrap');
