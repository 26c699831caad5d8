import type { FastifyInstance } from 'fastify';
import { ServiceUnavailableError, transientKind } from '@tsunagu/platform';
import { GraphQLError, type ExecutionResult } from 'graphql';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** Whether the client's Accept header prefers the GraphQL response media type over plain JSON. */
export function prefersGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  let best: { type: string; q: number } | null = null;
  for (const part of accept.split(',')) {
    const [rawType, ...params] = part.trim().split(';');
    const type = rawType.trim().toLowerCase();
    if (type !== GRAPHQL_RESPONSE && type !== 'application/json') continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!best || q > best.q) best = { type, q };
  }
  return best?.type === GRAPHQL_RESPONSE && best.q > 0;
}

/**
 * The status of an HTTP request that failed as a request (a body that is not JSON, a `query` that is not a
 * string, no content type; a key or rate limit refused; 503 when the database or Redis failed while the
 * request was checked), as opposed to a GraphQL document that does not parse or validate.
 */
function malformedRequestStatus(errors: readonly GraphQLError[]): number | undefined {
  for (const error of errors) {
    const original = error.originalError as { statusCode?: unknown; errors?: unknown } | undefined;
    if (!original || original instanceof GraphQLError) continue;
    // The database or Redis failed while the request was checked (its key, its rate limit): nothing ran.
    if (original instanceof ServiceUnavailableError || transientKind(original)) return 503;
    const status = typeof original.statusCode === 'number' ? original.statusCode : 400;
    // Mercurius wraps both kinds in one error: GraphQL validation errors, or the body schema's own errors.
    if (Array.isArray(original.errors) && original.errors.every((inner) => inner instanceof GraphQLError)) continue;
    if (status >= 400 && status < 500) return status;
  }
  return undefined;
}

/**
 * GraphQL over HTTP status codes. A malformed or refused HTTP request is a 4xx (503 when the database failed
 * before execution, SERVICE_UNAVAILABLE). Otherwise, with `application/json` every well-formed request is 200
 * with the errors in the body; with `application/graphql-response+json` a document that fails before
 * execution is a 4xx, and an executed operation is 200 — also when a field failed on SERVICE_UNAVAILABLE: the
 * response has a `data` entry then, and the spec requires 2xx for those (docs/errors.md, "HTTP status").
 */
export function responseStatus(
  execution: ExecutionResult & { statusCode?: number },
  accept: string | undefined,
): number {
  if (execution.data !== undefined) return 200;
  const malformed = malformedRequestStatus(execution.errors ?? []);
  if (malformed) return malformed;
  return prefersGraphQLResponse(accept) ? (execution.statusCode ?? 400) : 200;
}

/**
 * GraphQL-over-HTTP conformance on top of Mercurius:
 * - a request body with `"extensions": null` is valid per the spec, but Mercurius' body schema rejects it;
 * - responses use `application/graphql-response+json` when the client prefers it.
 */
export function registerGraphQLHttpHooks(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const body = request.body as Record<string, unknown> | null | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body) && body.extensions === null) delete body.extensions;
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.routeOptions.url === '/graphql' && prefersGraphQLResponse(request.headers.accept)) {
      const contentType = reply.getHeader('content-type');
      if (typeof contentType === 'string' && contentType.startsWith('application/json')) {
        void reply.header('content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`);
      }
    }
    done(null, payload);
  });
}
