import type { FastifyInstance } from 'fastify';
import { methodLabel, routeLabel, statusLabel } from './metric-labels.js';
import { type Metrics } from './metrics.js';

/**
 * Times every HTTP request (Fastify's `elapsedTime`: arrival to response sent) by method, route pattern and
 * status. Register before the application initialises, so that the hook also covers the GraphQL plugin's
 * routes.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestDuration.observe(
      {
        method: methodLabel(request.method),
        route: routeLabel(request.routeOptions.url),
        status: statusLabel(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
