import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  assertScopes,
  authenticateCaller,
  AuthService,
  BadUserInputError,
  ForbiddenError,
  RateLimits,
  Scope,
  type AuthContext,
} from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HsdsExceptionFilter } from './hsds-exception.filter.js';
import { HsdsImportService, type HsdsImportReport } from './hsds-import.service.js';
import { HsdsDirectoryService, type HsdsListQuery } from './hsds.service.js';
import type {
  HsdsOrganization,
  HsdsPage,
  HsdsService as Service,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
} from './hsds-types.js';

export const HSDS_VERSION = '3.0';
export const HSDS_OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';

/**
 * The caller of an HSDS route, authenticated exactly as the GraphQL guard does: the address's rate limit, the
 * `Authorization: Bearer <key>` header (failed attempts throttled), the key's rate limit, then `directory:read`
 * (any agency key holds it, as for the GraphQL directory).
 */
export async function authenticateReader(
  auth: AuthService,
  limits: RateLimits,
  request: FastifyRequest,
): Promise<AuthContext> {
  const header = request.headers.authorization;
  const address = request.ip;
  await limits.consumeAddress(address);
  const caller = await authenticateCaller(
    auth,
    limits,
    { authorization: typeof header === 'string' ? header : undefined },
    address,
  );
  await limits.consumeKey(caller.keyId);
  return assertScopes(caller, [Scope.DIRECTORY_READ]);
}

/** `GET /hsds/`: the API information of openapi.json. */
export function apiInfo(): { version: string; openapi_url: string } {
  return { version: HSDS_VERSION, openapi_url: HSDS_OPENAPI_URL };
}

/**
 * Open Referral HSDS 3.0 over the directory (docs/hsds.md), on the paths of the HSDS openapi.json under `/hsds`.
 * The same API keys as the GraphQL API (`Authorization: Bearer <key>`); the directory needs `directory:read`,
 * as `agencies` and `communityResources` do.
 */
@Controller('hsds')
@UseFilters(HsdsExceptionFilter)
export class HsdsController {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
    private readonly hsds: HsdsDirectoryService,
    private readonly importer: HsdsImportService,
  ) {}

  private async reader(request: FastifyRequest): Promise<AuthContext> {
    return authenticateReader(this.auth, this.limits, request);
  }

  @Get()
  async info(@Req() request: FastifyRequest): Promise<{ version: string; openapi_url: string }> {
    await this.reader(request);
    return apiInfo();
  }

  /** The whole directory as the HSDS tabular form: a zip of one CSV per table and `datapackage.json`. */
  @Get('export.zip')
  async exportZip(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.reader(request);
    const zip = await this.hsds.tabularExport();
    void reply.header('content-type', 'application/zip');
    void reply.header('content-disposition', 'attachment; filename="hsds.zip"');
    return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  }

  @Get('services')
  async services(@Req() request: FastifyRequest, @Query() query: HsdsListQuery): Promise<HsdsPage<Service>> {
    await this.reader(request);
    return this.hsds.services(query);
  }

  @Get('services/:id')
  async service(@Req() request: FastifyRequest, @Param('id') id: string): Promise<Service> {
    await this.reader(request);
    return this.hsds.service(id);
  }

  @Get('organizations')
  async organizations(
    @Req() request: FastifyRequest,
    @Query() query: HsdsListQuery,
  ): Promise<HsdsPage<HsdsOrganization>> {
    await this.reader(request);
    return this.hsds.organizations(query);
  }

  @Get('organizations/:id')
  async organization(@Req() request: FastifyRequest, @Param('id') id: string): Promise<HsdsOrganization> {
    await this.reader(request);
    return this.hsds.organization(id);
  }

  @Get('service_at_locations')
  async serviceAtLocations(@Req() request: FastifyRequest, @Query() query: HsdsListQuery): Promise<HsdsPage<never>> {
    await this.reader(request);
    return this.hsds.serviceAtLocations(query);
  }

  @Get('service_at_locations/:id')
  async serviceAtLocation(@Req() request: FastifyRequest, @Param('id') id: string): Promise<never> {
    await this.reader(request);
    return this.hsds.serviceAtLocation(id);
  }

  @Get('taxonomies')
  async taxonomies(@Req() request: FastifyRequest, @Query() query: HsdsListQuery): Promise<HsdsPage<HsdsTaxonomy>> {
    await this.reader(request);
    return this.hsds.taxonomies(query);
  }

  @Get('taxonomies/:id')
  async taxonomy(@Req() request: FastifyRequest, @Param('id') id: string): Promise<HsdsTaxonomy> {
    await this.reader(request);
    return this.hsds.taxonomy(id);
  }

  @Get('taxonomy_terms')
  async taxonomyTerms(
    @Req() request: FastifyRequest,
    @Query() query: HsdsListQuery,
  ): Promise<HsdsPage<HsdsTaxonomyTerm>> {
    await this.reader(request);
    return this.hsds.taxonomyTerms(query);
  }

  @Get('taxonomy_terms/:id')
  async taxonomyTerm(@Req() request: FastifyRequest, @Param('id') id: string): Promise<HsdsTaxonomyTerm> {
    await this.reader(request);
    return this.hsds.taxonomyTerm(id);
  }

  /** Hub admin only: HSDS organizations (each with its one service) into agencies; `dryRun` defaults to true. */
  @Post('import')
  @HttpCode(200)
  async import(
    @Req() request: FastifyRequest,
    @Query('dryRun') dryRun: string | undefined,
    @Body() body: unknown,
  ): Promise<HsdsImportReport> {
    const caller = await authenticateReader(this.auth, this.limits, request);
    if (!caller.isHubAdmin) throw new ForbiddenError('Importing into the directory needs a hub-admin key');
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
      throw new BadUserInputError('dryRun', 'dryRun must be true or false');
    }
    return this.importer.import(body, dryRun !== 'false');
  }
}
