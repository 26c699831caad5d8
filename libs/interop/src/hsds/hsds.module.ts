import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyEntity, CommunityResourceEntity } from '@tsunagu/directory';
import { AuthModule, AuthService, RateLimits } from '@tsunagu/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHsdsError } from './hsds-exception.filter.js';
import { apiInfo, authenticateReader, HsdsController } from './hsds.controller.js';
import { HsdsImportService } from './hsds-import.service.js';
import { HsdsDirectoryService } from './hsds.service.js';

/** `/hsds`: the directory as Open Referral HSDS 3.0 (docs/hsds.md). */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([AgencyEntity, CommunityResourceEntity])],
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
