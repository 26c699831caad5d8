import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentEntity, ConsentModule } from '@tsunagu/consent';
import { DirectoryModule } from '@tsunagu/directory';
import { AuthModule } from '@tsunagu/platform';
import { ReferralsModule } from '@tsunagu/referrals';
import { FhirAuth } from './fhir-auth.service.js';
import { FhirController } from './fhir.controller.js';
import { FhirReadService } from './fhir-read.service.js';

/** FHIR R4 read access under `/fhir`, over the same services as the GraphQL API. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentEntity]), AuthModule, DirectoryModule, ConsentModule, ReferralsModule],
  controllers: [FhirController],
  providers: [FhirAuth, FhirReadService],
})
export class FhirModule {}
