import { Injectable } from '@nestjs/common';
import {
  assertScopes,
  authenticateCaller,
  AuthService,
  RateLimits,
  type AuthContext,
  type RequestContext,
  type Scope,
} from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Authenticates a `/fhir` request exactly as the GraphQL guard does (docs/api.md): the address's rate limit,
 * the `Authorization: Bearer <key>` header (failed attempts throttled), then the key's rate limit and scopes.
 * Returns a request context like GraphQL's, so services that cache per request behave the same.
 */
@Injectable()
export class FhirAuth {
  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
  ) {}

  async authenticate(req: FastifyRequest, reply: FastifyReply, scopes: readonly Scope[]): Promise<FhirContext> {
    const header = req.headers.authorization;
    const authorization = typeof header === 'string' ? header : undefined;
    const address = req.ip;
    await this.limits.consumeAddress(address);
    const caller = await authenticateCaller(this.auth, this.limits, { authorization }, address);
    await this.limits.consumeKey(caller.keyId);
    assertScopes(caller, scopes);
    return { req, reply, authorization, caller, loaders: new Map() };
  }
}

export type FhirContext = RequestContext & { caller: AuthContext };
