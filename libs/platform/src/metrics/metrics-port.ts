import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { metricsAuthorized } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/**
 * With `METRICS_PORT`, the API's `/metrics` moves to a port of its own (bound to HOST, so a firewall or a
 * Kubernetes port can keep it internal) and the API's port answers 404 for it.
 */
@Injectable()
export class MetricsPort implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsPort.name);
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Registered before the routes are (from `bootstrap.ts`): hides `/metrics` on the API's port. */
  static hideOnApiPort(fastify: FastifyInstance, config: AppConfig): void {
    if (config.METRICS_PORT === undefined) return;
    fastify.addHook('onRequest', (request, reply, done) => {
      if (request.url === '/metrics' || request.url.startsWith('/metrics?') || request.url.startsWith('/metrics/')) {
        void reply.code(404).send({ message: 'Not Found', statusCode: 404 });
        return;
      }
      done();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined || !this.adapterHost.httpAdapter) return;
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      if (!metricsAuthorized(this.config.METRICS_TOKEN, request.headers.authorization)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      this.metrics.exposition().then(
        (body) =>
          response.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' }).end(body),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.METRICS_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.HOST}:${this.port}/metrics`);
  }

  /** The port the metrics server listens on (METRICS_PORT=0 picks a free one). */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
