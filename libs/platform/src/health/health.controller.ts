import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Res,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../queue/redis.module.js';
import { readRedisDurability, redisDurabilityWarnings, type RedisDurability } from './redis-durability.js';

type CheckResult = 'up' | 'down';

const CHECK_TIMEOUT_MS = 2000;

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** The readiness body: the checks, how durable Redis is (when it answers), and what an operator should know. */
export interface Readiness {
  status: string;
  checks: Record<string, CheckResult>;
  redis?: RedisDurability;
  /** Conditions that do not fail readiness but should be fixed (a Redis without persistence, say). */
  warnings: string[];
}

@Controller('health')
export class HealthController implements OnApplicationBootstrap {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Says at start when the Redis in use would lose jobs (no persistence, or eviction); never holds the start up. */
  onApplicationBootstrap(): void {
    void this.durability().then((durability) => {
      for (const warning of durability ? redisDurabilityWarnings(durability) : []) this.logger.warn(warning);
    });
  }

  /** Redis's durability settings, or undefined when Redis does not answer in time. */
  private async durability(): Promise<RedisDurability | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), CHECK_TIMEOUT_MS);
    });
    try {
      return await Promise.race([
        (async () => {
          if (this.redis.status === 'wait') await this.redis.connect();
          return readRedisDurability(this.redis);
        })().catch(() => undefined),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The process is up. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL and Redis both answer: 200, else 503 with the failing check named. A Redis without persistence
   * or that may evict keys is reported in `warnings`, never as a failure.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => {
        if (this.redis.status === 'wait') await this.redis.connect();
        return this.redis.ping();
      }),
    ]);
    const ok = database === 'up' && redis === 'up';
    void reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    const durability = redis === 'up' ? await this.durability() : undefined;
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database, redis },
      ...(durability ? { redis: durability } : {}),
      warnings: durability ? redisDurabilityWarnings(durability) : [],
    };
  }
}
