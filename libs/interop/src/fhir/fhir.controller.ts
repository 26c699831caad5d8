import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { Clock, Scope } from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FhirAuth } from './fhir-auth.service.js';
import { capabilityStatement } from './fhir-capability.js';
import { FhirExceptionFilter } from './fhir-errors.js';
import { FhirReadService } from './fhir-read.service.js';
import type { SearchQuery } from './fhir-search.js';
import { FHIR_JSON, type FhirResource } from './fhir-types.js';

const VERSION = '0.1.0';

/** The base URL of `/fhir` as the client addressed it (behind a trusted proxy, the forwarded protocol). */
function baseOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}/fhir`;
}

function send(reply: FastifyReply, resource: FhirResource): void {
  void reply.status(200).header('content-type', FHIR_JSON).send(resource);
}

/** FHIR R4 reads and searches (docs/fhir.md). Thin: authentication, then one call to the read service. */
@Controller('fhir')
@UseFilters(FhirExceptionFilter)
export class FhirController {
  constructor(
    private readonly auth: FhirAuth,
    private readonly reads: FhirReadService,
    private readonly clock: Clock,
  ) {}

  @Get('metadata')
  metadata(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    send(reply, capabilityStatement(baseOf(req), VERSION, this.clock.now().toISOString()));
  }

  @Get('Organization')
  async searchOrganizations(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.auth.authenticate(req, reply, [Scope.DIRECTORY_READ]);
    send(reply, await this.reads.searchOrganizations(baseOf(req), req.query as SearchQuery));
  }

  @Get('Organization/:id')
  async organization(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.auth.authenticate(req, reply, [Scope.DIRECTORY_READ]);
    send(reply, await this.reads.organization(id));
  }

  @Get('ServiceRequest')
  async searchServiceRequests(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_READ]);
    send(reply, await this.reads.searchServiceRequests(context, baseOf(req), req.query as SearchQuery));
  }

  @Get('ServiceRequest/:id')
  async serviceRequest(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_READ]);
    send(reply, await this.reads.serviceRequest(context, id));
  }

  @Get('Task')
  async searchTasks(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_READ]);
    send(reply, await this.reads.searchTasks(context, baseOf(req), req.query as SearchQuery));
  }

  @Get('Task/:id')
  async task(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_READ]);
    send(reply, await this.reads.task(context, id));
  }

  @Get('Patient/:id')
  async patient(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.PERSONS_READ]);
    send(reply, await this.reads.patient(context, id));
  }

  @Get('Consent')
  async searchConsents(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.PERSONS_READ]);
    send(reply, await this.reads.searchConsents(context, baseOf(req), req.query as SearchQuery));
  }

  @Get('Consent/:id')
  async consent(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.PERSONS_READ]);
    send(reply, await this.reads.consent(context, id));
  }
}
