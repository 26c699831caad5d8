import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from '@tsunagu/notifications';
import { TimingMonthsWorkerModule } from '@tsunagu/stats';
import { HealthController, MetricsModule, PlatformModule, QueueModule, type AppConfig } from '@tsunagu/platform';

/**
 * The worker process: the outbox relay, the queue processors and the statistics' monthly totals run here,
 * never in the API's request path.
 * It serves its own health endpoints and `GET /metrics` (with its queue and outbox gauges) on WORKER_HEALTH_PORT.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, 'tsunagu-worker'),
        MetricsModule.forWorker(),
        QueueModule,
        NotificationsModule,
        TimingMonthsWorkerModule,
      ],
      controllers: [HealthController],
    };
  }
}
