import type { IncomingMessage } from 'node:http';
import { type MercuriusDriverConfig } from '@nestjs/mercurius';
import { createRequestContext, formatGraphQLError, type AppConfig, type ErrorLogger } from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql';
import { pino } from 'pino';
import { prefersGraphQLResponse } from './http-hooks.js';

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
      const errors = (execution.errors ?? []).flatMap((error) => formatGraphQLError(error, logger, raw?.id));
      // GraphQL over HTTP: with `application/json` every well-formed request gets 200 and the errors in the
      // body; with `application/graphql-response+json` a request error (nothing executed) is a 4xx without
      // a `data` entry, and a field error is 200.
      const requestError = execution.data === undefined;
      if (requestError && prefersGraphQLResponse(context.reply?.request.headers.accept)) {
        const status = (execution.errors?.[0]?.originalError as { statusCode?: number } | undefined)?.statusCode;
        return { statusCode: execution.statusCode ?? status ?? 400, response: { errors } };
      }
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  };
}
