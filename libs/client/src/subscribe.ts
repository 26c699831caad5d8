import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { TsunaguError } from './errors.js';
import { queryOf } from './request.js';

export interface SubscribeOptions<TResult, TVariables> {
  /** The API's `/graphql` (http(s):// or ws(s)://). */
  url: string;
  apiKey: string;
  document: TypedDocumentNode<TResult, TVariables>;
  /**
   * The variables, or a function read again at every (re)subscription — e.g. `() => ({ after: lastCursor })`,
   * so that a reconnection resumes after the last event handled.
   */
  variables?: TVariables | (() => TVariables);
  /** Each result's data, in order; a returned promise is awaited before the next result is handled. */
  onData: (data: TResult) => void | Promise<void>;
  /**
   * The subscription failed: a {@link TsunaguError} with the GraphQL code (CURSOR_EXPIRED, FORBIDDEN …; the
   * subscription has ended), an error thrown by `onData`, or the connection's failure (close code 4403: the key
   * was revoked or expired).
   */
  onError?: (error: unknown) => void;
  /** Every time the socket is connected and acknowledged (the first time and after each reconnection). */
  onConnected?: () => void;
  /** Reconnect for ever with graphql-ws' backoff, also after the server closed the socket. Default true. */
  retry?: boolean;
}

export interface LiveSubscription {
  /** Resolves once the connection is acknowledged and the subscription sent. */
  readonly connected: Promise<void>;
  /** Resolves when the subscription has ended: by `close()`, by the server, or by an error. */
  readonly ended: Promise<void>;
  /** Unsubscribes, closes the socket and waits for the results being handled. */
  close(): Promise<void>;
}

export function webSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//, 'ws$1://');
}

/**
 * Subscribes to a Tsunagu subscription over graphql-ws (`graphql-transport-ws`, the `ws` WebSocket), with the
 * API key in `connection_init`.
 */
export function subscribe<TResult, TVariables>(options: SubscribeOptions<TResult, TVariables>): LiveSubscription {
  const retry = options.retry ?? true;
  const onError = options.onError ?? (() => undefined);
  let markConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const client: Client = createClient({
    url: webSocketUrl(options.url),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.apiKey}` },
    retryAttempts: retry ? Infinity : 0,
    shouldRetry: () => retry,
    on: {
      connected: () => {
        markConnected();
        options.onConnected?.();
      },
    },
  });

  let handling: Promise<void> = Promise.resolve();
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const variables = options.variables;
  const payload = {
    query: queryOf(options.document),
    get variables(): Record<string, unknown> {
      const value = typeof variables === 'function' ? (variables as () => TVariables)() : variables;
      return value ?? {};
    },
  };
  const unsubscribe = client.subscribe<TResult>(payload, {
    next: (result) => {
      handling = handling.then(async () => {
        if (result.errors?.length) {
          onError(TsunaguError.fromGraphQLErrors(result.errors));
        } else if (result.data) {
          await options.onData(result.data);
        }
      });
      handling = handling.catch(onError);
    },
    error: (error: unknown) => {
      onError(Array.isArray(error) ? TsunaguError.fromGraphQLErrors(error as GraphQLFormattedError[]) : error);
      markEnded();
    },
    complete: () => markEnded(),
  });

  return {
    connected,
    ended,
    async close() {
      unsubscribe();
      await client.dispose();
      markEnded();
      await handling;
    },
  };
}
