import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/** How a {@link PeriodicRunner} repeats its round and what it logs when one fails. */
export interface PeriodicSchedule {
  /** Pause between the end of one round and the start of the next. */
  intervalMs: number;
  /** Start of the error line of a failed round: `<failure> (<error message>); trying again later`. */
  failure: string;
}

/**
 * Background work of a process that repeats: a first round at bootstrap, then the next one `intervalMs` after
 * the previous one ended, so rounds never overlap. A failed round is logged and the next one tries again. The
 * timer does not keep the process alive; at shutdown no round starts any more and the one in progress is
 * awaited, before the database and Redis connections close.
 */
export abstract class PeriodicRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Named after the subclass, so log lines say which runner wrote them. */
  protected readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  protected constructor(private readonly schedule: PeriodicSchedule) {}

  /** One round; a rejection is logged as a failure. */
  protected abstract round(): Promise<void>;

  onApplicationBootstrap(): void {
    this.arm(0);
  }

  /** Stops the timer and waits for the round in progress. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.guardedRound().finally(() => this.arm(this.schedule.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async guardedRound(): Promise<void> {
    try {
      await this.round();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`${this.schedule.failure} (${message}); trying again later`);
    }
  }
}
