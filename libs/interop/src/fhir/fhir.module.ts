import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SupportPlansModule } from '@tsunagu/collaboration';
import { ConsentEntity, ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { AuthModule } from '@tsunagu/platform';
import { ReferralEntity, ReferralsModule } from '@tsunagu/referrals';
import type { FastifyInstance } from 'fastify';
import { FhirAuth } from './fhir-auth.service.js';
import { FhirCarePlanService } from './fhir-careplan.js';
import { FhirCarePlanController } from './fhir-careplan.controller.js';
import { FhirController } from './fhir.controller.js';
import { FhirReadService } from './fhir-read.service.js';
import { FhirWriteController } from './fhir-write.controller.js';
import { FhirWriteService } from './fhir-write.service.js';

/** The request media types of `/fhir` writes, handed to the routes as text (they parse it and name bad JSON). */
const FHIR_REQUEST_TYPES = ['application/fhir+json', 'application/json-patch+json'];

/** FHIR R4 under `/fhir`: reads, and writes of referrals and their Tasks, over the same services as GraphQL. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConsentEntity, ReferralEntity]),
    AuthModule,
    DirectoryModule,
    ConsentModule,
    ReferralsModule,
    SupportPlansModule,
  ],
  controllers: [FhirController, FhirWriteController, FhirCarePlanController],
  providers: [FhirAuth, FhirReadService, FhirWriteService, FhirCarePlanService],
})
export class FhirModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    for (const type of FHIR_REQUEST_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    }
  }
}
