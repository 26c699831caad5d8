import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import proxyAddr from '@fastify/proxy-addr';
import {
  GraphQLError,
  parse,
  specifiedRules,
  subscribe as graphqlSubscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthContext } from '../auth/auth-context.js';
import type { AuthService } from '../auth/auth.service.js';
import { keysRevokedTopic, sessionSocketName, type KeysRevokedPayload } from '../auth/key-revocation.js';
import { type AppConfig } from '../config/config.schema.js';
import { preferredLocale, type MessageLocale } from '../errors/accept-language.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { localizedMessage } from '../errors/graphql-error-formatter.js';
import { japaneseRequestErrorMessage } from '../errors/messages.ja.js';
import type { BusEvent, EventBus } from '../queue/event-bus.js';
import type { RateLimits } from '../security/rate-limits.js';
import { assertDocumentWithinBounds, DOCUMENT_BOUNDS, isTokenLimitError } from './document-bounds.js';
import { sameOrigin, sessionTokenOf } from '../auth/staff/session-cookie.js';
import { authenticateCaller } from './graphql-guard.hooks.js';
import { assertCostWithinBudget, costOptionsOf, operationCost } from './query-cost.js';
import type { RequestContext } from './request-context.js';

/** graphql-ws close code for a connection whose key is refused or revoked (graphql-transport-ws: Forbidden). */
export const FORBIDDEN_CLOSE_CODE = CloseCode.Forbidden;
/** Subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** Largest graphql-ws message accepted (bytes); a larger one closes the socket. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  caller?: AuthContext;
  authorization?: string;
  subscriptions?: number;
} & Record<PropertyKey, unknown>;

export interface SubscriptionLogger {
  error(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

export interface SubscriptionServerOptions {
  config: AppConfig;
  auth: AuthService;
  limits: RateLimits;
  bus: EventBus;
  logger: SubscriptionLogger;
  schema: () => GraphQLSchema;
  path?: string;
}

export interface SubscriptionServer {
  /** Open graphql-ws connections of a key (for tests and revocation). */
  connectionsOf(keyId: string): number;
  /** Closes, with 4403, every connection authenticated by one of these keys. */
  closeKeys(keyIds: readonly string[]): number;
  close(): Promise<void>;
}

/** An async iterator over one bus topic; `return()` stops listening. */
function topicIterator(bus: EventBus, topic: string): Promise<AsyncIterableIterator<BusEvent>> {
  const queue: BusEvent[] = [];
  let waiting: ((result: IteratorResult<BusEvent>) => void) | null = null;
  let done = false;
  const listener = (message: { payload: BusEvent }, callback: () => void) => {
    if (!done) {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: message.payload, done: false });
      } else if (queue.length < 1000) {
        queue.push(message.payload);
      }
    }
    callback();
  };
  const iterator: AsyncIterableIterator<BusEvent> = {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => {
      done = true;
      bus.removeListener(topic, listener as never);
      waiting?.({ value: undefined, done: true });
      waiting = null;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return new Promise((resolve, reject) =>
    bus.on(topic, listener as never, (error?: Error) => (error ? reject(error) : resolve(iterator))),
  );
}

/**
 * The operation's event stream, ended at once when the subscriber leaves. graphql-ws calls `return()` on a
 * `complete` message or a closed socket, but the async generators between it and the resolver's iterator
 * queue that call behind a `next()` still waiting for an event, so a quiet stream would live on. Here
 * `return()` settles the pending `next()` and aborts the subscription's `signal` (in its context), which the
 * resolver's iterator listens to.
 */
function leavable<T>(source: AsyncIterable<T>, leaving: AbortController): AsyncIterableIterator<T> {
  const inner = source[Symbol.asyncIterator]();
  const left = new Promise<IteratorResult<T>>((resolve) =>
    leaving.signal.addEventListener('abort', () => resolve({ value: undefined, done: true }), { once: true }),
  );
  return {
    next: () => (leaving.signal.aborted ? left : Promise.race([inner.next(), left])),
    return: () => {
      leaving.abort();
      void inner.return?.()?.catch(() => undefined);
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** `locale`: the connection's, from the Accept-Language of its upgrade request (docs/errors.md). */
function clientError(error: unknown, locale: MessageLocale): GraphQLError {
  if (error instanceof DomainError) {
    const message = localizedMessage({ ...error.details, code: error.code }, error.message, locale);
    return new GraphQLError(message, { extensions: error.extensions });
  }
  if (error instanceof GraphQLError) {
    const extensions = {
      ...error.extensions,
      code: isTokenLimitError(error) ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_USER_INPUT,
      ...(isTokenLimitError(error) ? { measure: 'tokens', limit: DOCUMENT_BOUNDS.maxTokens } : {}),
    };
    // As over HTTP: graphql-js's English (syntax, validation) behind a Japanese prefix.
    const message =
      extensions.code === ErrorCode.BAD_USER_INPUT
        ? locale === 'ja'
          ? japaneseRequestErrorMessage(extensions, error.message)
          : error.message
        : localizedMessage(extensions, error.message, locale);
    return new GraphQLError(message, { nodes: error.nodes, extensions });
  }
  const extensions = { code: ErrorCode.INTERNAL_SERVER_ERROR };
  return new GraphQLError(localizedMessage(extensions, 'Internal server error', locale), { extensions });
}

/** A domain error of an operation (a refused subscribe, a failed event, a stream that ended) in this language. */
function localizedError(error: GraphQLError, locale: MessageLocale): GraphQLError {
  const original = error.originalError;
  if (locale === 'en' || !(original instanceof DomainError)) return error;
  const message = localizedMessage({ ...original.details, code: original.code }, original.message, locale);
  return new GraphQLError(message, { nodes: error.nodes, path: error.path, originalError: original });
}

function hasDomainError(errors: readonly GraphQLError[] | undefined): boolean {
  return errors?.some((error) => error.originalError instanceof DomainError) ?? false;
}

/** The longest delay setTimeout holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, the `graphql-ws` package's own server) on the API's path.
 * The key travels in `connection_init` (`{ "authorization": "Bearer <key>" }`); a refused key closes the
 * socket with 4403 Forbidden, as the protocol says. Every `subscribe` is bounded like an HTTP request
 * (tokens, document size, cost, the key's rate limit) before it is validated and run. When a key is revoked
 * on any instance, the bus tells every instance, and each closes that key's sockets with 4403.
 */
export function attachSubscriptionServer(server: Server, options: SubscriptionServerOptions): SubscriptionServer {
  const { config, auth, limits, bus, logger } = options;
  const path = options.path ?? '/graphql';
  const trust = config.TRUST_PROXY ? proxyTrust(config.TRUST_PROXY) : null;
  const costOptions = costOptionsOf(config);
  const sockets = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const leavings = new WeakMap<object, AbortController>();

  const localeOf = (extra: Extra): MessageLocale => preferredLocale(extra.request.headers['accept-language']);

  const addressOf = (request: IncomingMessage): string =>
    (trust ? proxyAddr(request, trust) : request.socket.remoteAddress) ?? 'unknown';
  const trustsPeer = trust === null ? null : typeof trust === 'function' ? trust : proxyAddr.compile(trust);
  /** The upgrade came from a proxy TRUST_PROXY trusts, so its forwarded headers stand. */
  const viaTrustedProxy = (request: IncomingMessage): boolean =>
    trustsPeer !== null && trustsPeer(request.socket.remoteAddress ?? '', 0);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      socket.destroy();
      return;
    }
    limits.consumeAddress(addressOf(request)).then(
      () => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
      () => {
        socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      },
    );
  };
  server.on('upgrade', onUpgrade);

  /**
   * The names a socket is closed by: its key, and for a console session the session too (`session:<id>`), so
   * signing one session out closes its sockets and leaves the member's other devices alone.
   */
  const socketNames = (caller: AuthContext): string[] =>
    caller.staff ? [caller.keyId, sessionSocketName(caller.staff.sessionId)] : [caller.keyId];

  const forget = (extra: Extra) => {
    if (!extra.caller) return;
    for (const name of socketNames(extra.caller)) {
      const set = sockets.get(name);
      set?.delete(extra.socket);
      if (set?.size === 0) sockets.delete(name);
    }
  };

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema(),
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, Extra>) => {
        const value = ctx.connectionParams?.authorization;
        const authorization = typeof value === 'string' ? value : undefined;
        const csrf = ctx.connectionParams?.csrfToken;
        // A console session: the upgrade's cookie, only from this server's own pages, with the CSRF token.
        const session =
          authorization === undefined && sameOrigin(ctx.extra.request.headers, viaTrustedProxy(ctx.extra.request))
            ? {
                sessionToken: sessionTokenOf(ctx.extra.request.headers),
                csrfToken: typeof csrf === 'string' ? csrf : undefined,
              }
            : {};
        try {
          const caller = await authenticateCaller(
            auth,
            limits,
            { authorization, ...session },
            addressOf(ctx.extra.request),
          );
          ctx.extra.caller = caller;
          ctx.extra.authorization = authorization;
          ctx.extra.subscriptions = 0;
          if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
          for (const name of socketNames(caller)) {
            let set = sockets.get(name);
            if (!set) sockets.set(name, (set = new Set()));
            set.add(ctx.extra.socket);
          }
          const expiry = closeAtExpiry(ctx.extra.socket, caller.expiresAt);
          ctx.extra.socket.once('close', () => {
            clearTimeout(expiry.timer);
            forget(ctx.extra);
          });
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const extra = ctx.extra;
        const caller = extra.caller!;
        try {
          await limits.consumeKey(caller.keyId);
          if ((extra.subscriptions ?? 0) >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            throw new DomainError(
              ErrorCode.RATE_LIMITED,
              `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`,
              { limit: MAX_SUBSCRIPTIONS_PER_CONNECTION },
            );
          }
          const schema = options.schema();
          const document: DocumentNode = parse(payload.query, { maxTokens: DOCUMENT_BOUNDS.maxTokens });
          assertDocumentWithinBounds(document);
          const errors = validate(schema, document, specifiedRules);
          if (errors.length > 0) return errors.map((error) => clientError(error, localeOf(extra)));
          const variables = payload.variables ?? undefined;
          assertCostWithinBudget(
            operationCost(schema, document, variables, payload.operationName, costOptions),
            config.GRAPHQL_MAX_COST,
          );
          const leaving = new AbortController();
          const contextValue: RequestContext & Record<string, unknown> = {
            authorization: extra.authorization,
            authentication: Promise.resolve(caller),
            caller,
            loaders: new Map(),
            pubsub: { subscribe: (topic: string) => topicIterator(bus, topic) },
            // What Mercurius' `withFilter` (used by Nest for filtered subscriptions) logs through.
            app: { log: logger },
            signal: leaving.signal,
          };
          leavings.set(contextValue, leaving);
          extra.subscriptions = (extra.subscriptions ?? 0) + 1;
          return {
            schema,
            document,
            variableValues: variables,
            operationName: payload.operationName,
            contextValue,
          };
        } catch (error) {
          return [clientError(error, localeOf(extra))];
        }
      },
      onNext: (ctx, _id, _payload, _args, result: ExecutionResult) => {
        const locale = localeOf(ctx.extra);
        if (locale === 'en' || !hasDomainError(result.errors)) return undefined;
        return { ...result, errors: result.errors!.map((error) => localizedError(error, locale).toJSON()) };
      },
      subscribe: async (args) => {
        const result = await graphqlSubscribe(args);
        const leaving = leavings.get(args.contextValue as object);
        return leaving && Symbol.asyncIterator in result ? leavable(result, leaving) : result;
      },
      onComplete: (ctx) => {
        ctx.extra.subscriptions = Math.max(0, (ctx.extra.subscriptions ?? 1) - 1);
      },
      onError: (ctx, _id, _payload, errors) => {
        for (const error of errors) {
          if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR || !error.extensions?.code) {
            logger.error({ err: error.originalError ?? error }, 'error in a GraphQL subscription');
          }
        }
        const locale = localeOf(ctx.extra);
        if (locale === 'en' || !hasDomainError(errors)) return undefined;
        return errors.map((error) => localizedError(error, locale).toJSON());
      },
    },
    wss,
    12_000,
  );

  /** An expiring key's socket closes with 4403 when the key expires, as a revoked key's does. */
  const closeAtExpiry = (socket: WebSocket, expiresAt: Date | null | undefined) => {
    const expiry: { timer?: NodeJS.Timeout } = {};
    if (!expiresAt) return expiry;
    const arm = () => {
      const remaining = expiresAt.getTime() - Date.now();
      if (remaining <= 0) {
        socket.close(FORBIDDEN_CLOSE_CODE, 'Forbidden: the API key expired');
        return;
      }
      // setTimeout holds at most 2^31-1 ms (about 24.8 days); a key may live longer, so re-arm until then.
      expiry.timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      expiry.timer.unref();
    };
    arm();
    return expiry;
  };

  const closeKeys = (keyIds: readonly string[]): number => {
    let closed = 0;
    for (const keyId of keyIds) {
      for (const socket of sockets.get(keyId) ?? []) {
        socket.close(FORBIDDEN_CLOSE_CODE, 'Forbidden');
        closed += 1;
      }
      sockets.delete(keyId);
    }
    return closed;
  };

  const revocations = (message: { payload: KeysRevokedPayload }, callback: () => void) => {
    try {
      if (Array.isArray(message.payload?.keyIds)) closeKeys(message.payload.keyIds);
    } finally {
      callback();
    }
  };
  bus.on(keysRevokedTopic(config), revocations as never);

  return {
    connectionsOf: (keyId) => sockets.get(keyId)?.size ?? 0,
    closeKeys,
    async close() {
      server.off('upgrade', onUpgrade);
      bus.removeListener(keysRevokedTopic(config), revocations as never);
      await disposable.dispose();
    },
  };
}

/** TRUST_PROXY as @fastify/proxy-addr's trust argument (the same reading Fastify's `trustProxy` gives it). */
export function proxyTrust(value: string): string[] | ((address: string, hop: number) => boolean) {
  if (value === 'true') return () => true;
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return value.split(',').map((part) => part.trim());
}
