import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { Scope } from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FhirAuth } from './fhir-auth.service.js';
import { FhirCarePlanService } from './fhir-careplan.js';
import { FhirExceptionFilter } from './fhir-errors.js';
import type { SearchQuery } from './fhir-search.js';
import { FHIR_JSON } from './fhir-types.js';

/** The scopes of the GraphQL `supportPlan`: the plan is text about the person. */
const CARE_PLAN_SCOPES = [Scope.CONFERENCES_READ, Scope.PERSONS_READ];

function baseOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}/fhir`;
}

/** The shared support plan as a FHIR CarePlan (docs/fhir.md, "CarePlan"): a read and a search by subject. */
@Controller('fhir')
@UseFilters(FhirExceptionFilter)
export class FhirCarePlanController {
  constructor(
    private readonly auth: FhirAuth,
    private readonly carePlans: FhirCarePlanService,
  ) {}

  @Get('CarePlan')
  async search(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, CARE_PLAN_SCOPES);
    const bundle = await this.carePlans.search(context.caller, baseOf(req), req.query as SearchQuery);
    void reply.status(200).header('content-type', FHIR_JSON).send(bundle);
  }

  @Get('CarePlan/:id')
  async read(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, CARE_PLAN_SCOPES);
    const resource = await this.carePlans.read(context.caller, id);
    void reply.status(200).header('content-type', FHIR_JSON).send(resource);
  }
}
