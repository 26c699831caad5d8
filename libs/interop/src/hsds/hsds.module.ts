import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyEntity, CommunityResourceEntity, DirectoryModule } from '@tsunagu/directory';
import { AuthModule, AuthService, ErrorCode, RateLimits } from '@tsunagu/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHsdsError } from './hsds-exception.filter.js';
import { apiInfo, authenticateReader, HsdsController } from './hsds.controller.js';
import { HsdsImportService } from './hsds-import.service.js';
import { HsdsDirectoryService } from './hsds.service.js';

const HSDS_URL = /^\/hsds(?:[/?]|$)/;

/** The message of a Fastify body error (`FST_ERR_CTP_…`: malformed JSON, too large, wrong media type), or null. */
function parseFastifyError(payload: string): string | null {
  try {
    const body = JSON.parse(payload) as { code?: unknown; message?: unknown };
    return typeof body.code === 'string' && body.code.startsWith('FST_ERR_CTP_') && typeof body.message === 'string'
      ? body.message
      : null;
  } catch {
    return null;
  }
}

/** `/hsds`: the directory as Open Referral HSDS 3.0 (docs/hsds.md). */
@Module({
  imports: [AuthModule, DirectoryModule, TypeOrmModule.forFeature([AgencyEntity, CommunityResourceEntity])],
  controllers: [HsdsController],
  providers: [HsdsDirectoryService, HsdsImportService],
  exports: [HsdsDirectoryService, HsdsImportService],
})
export class HsdsModule implements OnModuleInit {
  private readonly logger = new Logger('Hsds');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
  ) {}

  /**
   * HSDS clients ask for the API information at the base URL with its slash (`GET /hsds/`); Nest strips a
   * route's trailing slash, so that one path is added on Fastify directly, answering as `GET /hsds`.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    // Fastify refuses a malformed, oversized or non-JSON body before any route runs; on /hsds its error
    // becomes ours (BAD_USER_INPUT, field "body").
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (!HSDS_URL.test(request.url) || reply.statusCode < 400 || typeof payload !== 'string') {
        return done(null, payload);
      }
      const fastifyError = parseFastifyError(payload);
      if (!fastifyError) return done(null, payload);
      void reply.header('content-type', 'application/json; charset=utf-8');
      done(null, JSON.stringify({ code: ErrorCode.BAD_USER_INPUT, message: fastifyError, field: 'body' }));
    });
    fastify.get('/hsds/', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        await authenticateReader(this.auth, this.limits, request);
        return apiInfo();
      } catch (error) {
        sendHsdsError(reply, error, this.logger);
        return reply;
      }
    });
  }
}
