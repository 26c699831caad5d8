import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { Metrics } from './metrics.js';

/**
 * `GET /metrics`: the Prometheus text exposition, without a key like `/health` (the API key guard only
 * guards GraphQL operations). Label values are statuses, sectors, urgencies, route patterns and schema
 * field names: nothing that identifies an agency, a referral or a person.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.metrics.exposition();
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return body;
  }
}
