import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Reuses a well-formed incoming `x-request-id`, or makes one (Fastify's `genReqId`). */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Shares Fastify's request id with the request logger and echoes it to the client. */
export function registerRequestIdHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });
}

/**
 * Paths never logged in full: credentials travel in the Authorization header (HTTP) and in the graphql-ws
 * `connection_init` payload, which is never logged at all.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];

/**
 * A URL as logged: the path only. GraphQL over GET carries the document and its variables (person data,
 * free text) in the query string, so no query string is ever logged.
 */
export function loggedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/** Structured JSON logs (pino) with a request id on every line of a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // nestjs-pino's default route pattern (`{/*splat}`) matches nothing under Nest 12 on Fastify.
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? requestId(req),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: (req: { url?: string }) => Object.assign(req, { url: loggedUrl(req.url) }),
          },
          autoLogging: {
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              (req.originalUrl ?? req.url ?? '').startsWith('/health'),
          },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
