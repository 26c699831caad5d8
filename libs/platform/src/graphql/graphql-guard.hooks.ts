import type { FastifyReply } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { apiKeyPrefix, bearerToken } from '../auth/api-key-secret.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { AuthService } from '../auth/auth.service.js';
import type { RequestCredentials } from '../auth/staff/session-cookie.js';
import { type AppConfig } from '../config/config.schema.js';
import { UnauthenticatedError } from '../errors/domain-error.js';
import type { RateLimits } from '../security/rate-limits.js';
import { assertDocumentWithinBounds } from './document-bounds.js';
import { requestedOperationName } from '../metrics/graphql-metrics.js';
import { assertCostWithinBudget, costOptionsOf, operationCost } from './query-cost.js';
import type { RequestContext } from './request-context.js';

type HookContext = RequestContext & { reply?: FastifyReply };

/**
 * Authenticates a caller before anything is parsed, counting failures against the client address and the
 * key prefix; a caller over its limits is refused before any lookup. Shared by HTTP and graphql-ws.
 */
export async function authenticateCaller(
  auth: AuthService,
  limits: RateLimits,
  credentials: RequestCredentials,
  address: string,
): Promise<AuthContext> {
  const prefix = apiKeyPrefix(bearerToken(credentials.authorization) ?? '');
  await limits.assertMayAuthenticate(address, prefix);
  try {
    return await auth.authenticateRequest(credentials);
  } catch (error) {
    if (error instanceof UnauthenticatedError) await limits.recordAuthFailure(address, prefix);
    throw error;
  }
}

/**
 * Mercurius hooks that make a request cost almost nothing until it is known to be worth serving:
 * - `preParsing` (every request, before the document cache, parsing and validation): the address's rate
 *   limit, then the API key (failed authentications throttled), then the key's rate limit;
 * - `preValidation` (documents not cached yet): the size bounds of `DOCUMENT_BOUNDS`;
 * - `preExecution` (every request, variables known): the operation's cost against `GRAPHQL_MAX_COST`.
 */
export function graphqlGuardHooks(config: AppConfig, auth: AuthService, limits: RateLimits) {
  const costOptions = costOptionsOf(config);
  return {
    preParsing: async (_schema: GraphQLSchema, _source: string, mercuriusContext: object): Promise<void> => {
      const context = mercuriusContext as HookContext;
      const address = context.reply?.request.ip ?? 'unknown';
      await limits.consumeAddress(address);
      context.authentication ??= authenticateCaller(auth, limits, context, address);
      context.caller = await context.authentication;
      await limits.consumeKey(context.caller.keyId);
    },
    preValidation: (_schema: GraphQLSchema, document: DocumentNode): void => {
      assertDocumentWithinBounds(document);
    },
    preExecution: (
      schema: GraphQLSchema,
      document: DocumentNode,
      context: object,
      variables: Record<string, unknown> | undefined,
    ): void => {
      const operationName = requestedOperationName(context);
      const cost = operationCost(schema, document, variables, operationName, costOptions);
      assertCostWithinBudget(cost, config.GRAPHQL_MAX_COST);
    },
  };
}
