import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
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
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  // A console session's CSRF token, and its cookie on the way out.
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/**
 * A URL as logged: the path only. GraphQL over GET carries the document and its variables (person data,
 * free text) in the query string, so no query string is ever logged.
 */
export function loggedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/** An error as pino's standard serializer renders it, with whatever else the error carried. */
export interface SerializedError {
  type?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  query?: unknown;
  [key: string]: unknown;
}

/**
 * A logged error keeps its type, message, stack, SQLSTATE `code` and SQL text, and nothing else: a TypeORM
 * `QueryFailedError` also carries the query's `parameters` (person data, key hashes) and the driver's
 * `detail`, which may quote a row's values. The query of a prepared statement (`preparedQuery`) is node-pg's
 * query config, which holds the values too: only its text is kept.
 */
export function serializeError(error: SerializedError): SerializedError {
  if (!error || typeof error !== 'object') return error;
  const { type, message, stack, code, query } = error;
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | null | undefined)?.text;
  return {
    type,
    message,
    stack,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof text === 'string' ? { query: text } : {}),
  };
}

/** Where log lines go when not to standard output: tests read them. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

@Global()
@Module({})
export class LogDestinationModule {
  static forRoot(destination: DestinationStream | undefined): DynamicModule {
    return {
      module: LogDestinationModule,
      providers: [{ provide: LOG_DESTINATION, useValue: destination ?? null }],
      exports: [LOG_DESTINATION],
    };
  }
}

/** Structured JSON logs (pino) with a request id on every line of a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG, { token: LOG_DESTINATION, optional: true }],
      useFactory: (config: AppConfig, destination?: DestinationStream | null) => ({
        // nestjs-pino's default route pattern (`{/*splat}`) matches nothing under Nest 12 on Fastify.
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        pinoHttp: withDestination(destination, {
          level: config.LOG_LEVEL,
          genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? requestId(req),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            err: serializeError,
            req: (req: { url?: string; query?: unknown }) => {
              // The parsed query string (`req.query`) would carry the same document and variables.
              delete req.query;
              return Object.assign(req, { url: loggedUrl(req.url) });
            },
          },
          autoLogging: {
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              (req.originalUrl ?? req.url ?? '').startsWith('/health'),
          },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : 'info',
        }),
      }),
    }),
  ],
})
export class LoggingModule {}

function withDestination<T>(destination: DestinationStream | null | undefined, options: T): T | [T, DestinationStream] {
  return destination ? [options, destination] : options;
}
