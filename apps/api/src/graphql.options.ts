import type { IncomingMessage } from 'node:http';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import {
  type AuthService,
  createRequestContext,
  formatGraphQLError,
  type AppConfig,
  type EventBus,
  type RequestContext,
} from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql';
import { type PinoLogger } from 'nestjs-pino';
import { responseStatus } from './http-hooks.js';

/** Nested lists and fragments could otherwise make one request arbitrarily expensive. */
const QUERY_DEPTH_LIMIT = 12;

type RawRequest = IncomingMessage & { id?: string };

/**
 * `logger`: the application's pino logger; within a request it writes through that request's pino-http logger
 * (Fastify's own logger, which Mercurius would use, is off).
 */
export function graphqlOptions(
  config: AppConfig,
  auth: AuthService,
  bus: EventBus,
  logger: PinoLogger,
): MercuriusDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: config.GRAPHQL_IDE,
    queryDepth: QUERY_DEPTH_LIMIT,
    context: (request: FastifyRequest, reply: FastifyReply) => createRequestContext(request, reply),
    subscription: {
      // graphql-ws (`graphql-transport-ws`) on the same path; events come from the worker over the bus.
      emitter: bus,
      fullWsTransport: true,
      // The key travels in the connection_init payload: `{ "authorization": "Bearer <key>" }`.
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        const authorization = typeof payload?.authorization === 'string' ? payload.authorization : undefined;
        try {
          const caller = await auth.authenticate(authorization);
          return { authorization, caller, loaders: new Map() } satisfies Partial<RequestContext>;
        } catch {
          return false;
        }
      },
    },
    errorFormatter: (execution: ExecutionResult & { statusCode?: number }, context: { reply?: FastifyReply }) => {
      const raw = context.reply?.request.raw as RawRequest | undefined;
      const errors = (execution.errors ?? []).flatMap((error) => formatGraphQLError(error, logger, raw?.id));
      const statusCode = responseStatus(execution, context.reply?.request.headers.accept);
      // Errors raised before execution began leave no `data` entry (GraphQL spec, "Response").
      return { statusCode, response: execution.data === undefined ? { errors } : { data: execution.data, errors } };
    },
  };
}
