import type { IncomingMessage } from 'node:http';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import {
  createRequestContext,
  DOCUMENT_BOUNDS,
  ErrorCode,
  formatGraphQLError,
  preferredLocale,
  type AppConfig,
} from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql';
import { type PinoLogger } from 'nestjs-pino';
import { responseStatus } from './http-hooks.js';

type RawRequest = IncomingMessage & { id?: string };

/**
 * `logger`: the application's pino logger; within a request it writes through that request's pino-http logger
 * (Fastify's own logger, which Mercurius would use, is off).
 */
export function graphqlOptions(config: AppConfig, logger: PinoLogger): MercuriusDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // GraphiQL is served from this server's own files (`graphiql/graphiql.routes.ts`), not Mercurius's CDN page.
    graphiql: false,
    // The nesting depth is bounded with the document's other bounds (`DOCUMENT_BOUNDS.maxDepth`), which leave
    // introspection out: Mercurius's `queryDepth` would refuse GraphiQL's introspection query (depth 15).
    context: (request: FastifyRequest, reply: FastifyReply) => createRequestContext(request, reply),
    // Subscriptions are served by the graphql-ws server of `subscription-server.ts` on the same path.
    graphql: { parseOptions: { maxTokens: DOCUMENT_BOUNDS.maxTokens } },
    errorFormatter: (execution: ExecutionResult & { statusCode?: number }, context: { reply?: FastifyReply }) => {
      const raw = context.reply?.request.raw as RawRequest | undefined;
      // Messages follow the request's Accept-Language (English or Japanese); codes and details never change.
      const locale = preferredLocale(context.reply?.request.headers['accept-language']);
      const errors = (execution.errors ?? []).flatMap((error) => formatGraphQLError(error, logger, raw?.id, locale));
      const statusCode = responseStatus(execution, context.reply?.request.headers.accept);
      const retryAfter = errors.find(
        (error) =>
          error.extensions?.code === ErrorCode.RATE_LIMITED ||
          (error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE && error.extensions.retryable === true),
      )?.extensions?.retryAfter;
      if (typeof retryAfter === 'number') void context.reply?.header('retry-after', String(retryAfter));
      // Errors raised before execution began leave no `data` entry (GraphQL spec, "Response").
      return { statusCode, response: execution.data === undefined ? { errors } : { data: execution.data, errors } };
    },
  };
}
