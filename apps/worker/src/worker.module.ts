import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from '@tsunagu/notifications';
import { HealthController, PlatformModule, QueueModule, type AppConfig } from '@tsunagu/platform';

/**
 * The worker process: the outbox relay and the queue processors run here, never in the API's request path.
 * It serves its own health endpoints on WORKER_HEALTH_PORT for orchestrators.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config, 'tsunagu-worker'), QueueModule, NotificationsModule],
      controllers: [HealthController],
    };
  }
}
