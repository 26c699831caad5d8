import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { Metrics } from './metrics.js';

/** Whether an `Authorization` value carries the metrics token (compared in constant time). */
export function metricsAuthorized(token: string | undefined, authorization: string | undefined): boolean {
  if (!token) return true;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * `GET /metrics`: the Prometheus text exposition, without an API key like `/health` (the API key guard only
 * guards GraphQL operations), behind `METRICS_TOKEN` when one is set. Label values are statuses, sectors,
 * urgencies, route patterns and schema field names: nothing that identifies an agency, a referral or a person.
 * With `METRICS_PORT` the API serves it on that port only (`metrics-port.ts`).
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!metricsAuthorized(this.config.METRICS_TOKEN, authorization)) {
      void reply.code(401).header('www-authenticate', 'Bearer').header('content-type', 'text/plain; charset=utf-8');
      return 'A metrics token is required: send "Authorization: Bearer <METRICS_TOKEN>"\n';
    }
    const body = await this.metrics.exposition();
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return body;
  }
}
