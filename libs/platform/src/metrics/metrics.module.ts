import { getQueueToken } from '@nestjs/bullmq';
import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../queue/queues.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';
import { queryOutboxLag, WorkerMetrics } from './worker-metrics.js';

/**
 * The worker's gauges over the queues its modules registered (found by token, wherever they are declared)
 * and the outbox table.
 */
@Injectable()
class WorkerMetricsCollector implements OnModuleInit, OnApplicationShutdown {
  private gauges: WorkerMetrics | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const queues = Object.values(QueueName).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    this.gauges = new WorkerMetrics(this.metrics.registry, {
      queues,
      outboxLag: () => queryOutboxLag(this.dataSource),
    });
  }

  onApplicationShutdown(): void {
    this.gauges?.remove();
    this.gauges = null;
  }
}

/**
 * The process's metrics (`Metrics`, injectable everywhere) and `GET /metrics`. The API imports the module as
 * is; the worker imports `MetricsModule.forWorker()`, which adds the queue and outbox gauges. HTTP timings
 * are a Fastify hook (`registerHttpMetrics`), GraphQL timings Mercurius hooks (`graphqlMetricsHooks`).
 */
@Global()
@Module({
  providers: [{ provide: Metrics, useFactory: () => Metrics.forProcess() }],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {
  static forWorker(): DynamicModule {
    return { module: MetricsModule, providers: [WorkerMetricsCollector] };
  }
}
