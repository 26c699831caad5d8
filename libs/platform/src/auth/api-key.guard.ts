import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ForbiddenError } from '../errors/domain-error.js';
import type { RequestContext } from '../graphql/request-context.js';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators.js';
import { assertScopes } from './auth-context.js';
import { AuthService } from './auth.service.js';

/**
 * Guards every GraphQL root field. Fails closed: an operation without an access policy is refused, so a
 * forgotten decorator cannot open an operation to everyone.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authService: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy?.kind === 'public') return true;

    const requestContext = GqlExecutionContext.create(context).getContext<RequestContext>();
    requestContext.authentication ??= this.authService.authenticateRequest(requestContext);
    const caller = await requestContext.authentication;
    requestContext.caller = caller;

    switch (policy?.kind) {
      case 'authenticated':
        return true;
      case 'hubAdmin':
        if (!caller.isHubAdmin) throw new ForbiddenError('This operation needs a hub-admin key');
        return true;
      case 'scopes':
        assertScopes(caller, policy.scopes);
        return true;
      case undefined:
        throw new ForbiddenError('This operation has no access policy');
    }
  }
}
