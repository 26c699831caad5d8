import type { FastifyInstance } from 'fastify';

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
