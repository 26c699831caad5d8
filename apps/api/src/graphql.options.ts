import type { IncomingMessage } from 'node:http';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { createRequestContext, formatGraphQLError, type AppConfig, type ErrorLogger } from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { pino } from 'pino';

/** Nested lists and fragments could otherwise make one request arbitrarily expensive. */
const QUERY_DEPTH_LIMIT = 12;

type RawRequest = IncomingMessage & { id?: string; log?: ErrorLogger };

export function graphqlOptions(config: AppConfig): MercuriusDriverConfig {
  const fallbackLogger = pino({ level: config.LOG_LEVEL });
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: config.GRAPHQL_IDE,
    queryDepth: QUERY_DEPTH_LIMIT,
    context: (request: FastifyRequest, reply: FastifyReply) => createRequestContext(request, reply),
    errorFormatter: (execution: ExecutionResult & { statusCode?: number }, context: { reply?: FastifyReply }) => {
      const raw = context.reply?.request.raw as RawRequest | undefined;
      const logger = raw?.log ?? fallbackLogger;
      const errors = (execution.errors ?? []).flatMap((error) => formatGraphQLError(error as GraphQLError, logger, raw?.id));
      // Field errors of an executed operation are 200 (GraphQL over HTTP); request errors keep Mercurius' 4xx.
      const statusCode = execution.data ? 200 : (execution.statusCode ?? 200);
      return { statusCode, response: { data: execution.data ?? null, errors } };
    },
  };
}
