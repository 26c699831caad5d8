import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  APP_CONFIG,
  attachSubscriptionServer,
  AuthService,
  EVENT_BUS,
  RateLimits,
  type AppConfig,
  type EventBus,
  type SubscriptionServer,
} from '@tsunagu/platform';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';

/** Runs the graphql-ws server on the API's HTTP server for as long as the application lives. */
@Injectable()
export class SubscriptionsHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  private server: SubscriptionServer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
  ) {}

  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<
      FastifyInstance & { graphql: { schema: GraphQLSchema } }
    >();
    this.server = attachSubscriptionServer(fastify.server, {
      config: this.config,
      auth: this.auth,
      limits: this.limits,
      bus: this.bus,
      schema: () => fastify.graphql.schema,
      logger: {
        error: (details, message) => this.logger.error(message ?? 'subscription error', errorStack(details)),
        warn: (details, message) => this.logger.warn(message ?? String(details)),
      },
    });
  }

  /** The running server (connections per key, closing a key's sockets). */
  get subscriptions(): SubscriptionServer {
    if (!this.server) throw new Error('The subscription server is not running');
    return this.server;
  }

  /**
   * Before the HTTP server closes: it waits for its connections, and an open graphql-ws socket would keep it
   * (and the process) alive. Subscribers are told "going away" (1001) and resume on another instance with
   * their last cursor.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}

function errorStack(details: unknown): string | undefined {
  const error = details instanceof Error ? details : (details as { err?: unknown } | null)?.err;
  return error instanceof Error ? error.stack : undefined;
}
