import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context.js';
import type { AuthContext } from './auth-context.js';
import { type Scope } from './scope.js';

export const ACCESS_POLICY = 'tsunagu:access-policy';

export type AccessPolicy =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'scopes'; scopes: Scope[] } | { kind: 'hubAdmin' };

/** Any valid key may call this operation; the operation checks ownership itself. */
export const Authenticated = () => SetMetadata(ACCESS_POLICY, { kind: 'authenticated' } satisfies AccessPolicy);
/** The key must hold every listed scope (hub-admin keys hold all). */
export const RequireScopes = (...scopes: Scope[]) =>
  SetMetadata(ACCESS_POLICY, { kind: 'scopes', scopes } satisfies AccessPolicy);
export const HubAdminOnly = () => SetMetadata(ACCESS_POLICY, { kind: 'hubAdmin' } satisfies AccessPolicy);
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** The caller of a guarded operation (resolved by the guard before the resolver runs). */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const requestContext = GqlExecutionContext.create(context).getContext<RequestContext>();
  if (!requestContext.caller) throw new Error('CurrentAuth used on an operation without an authenticated policy');
  return requestContext.caller;
});
