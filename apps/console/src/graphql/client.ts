import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';

/**
 * The console's GraphQL client. Requests carry the session cookie (same origin) and, once signed in, the
 * session's CSRF token in `x-csrf-token`; the API refuses a cookie-authenticated request without it.
 * Subscriptions go over graphql-ws on the same origin, sending the token in `connection_init`.
 */
let csrfToken: string | null = null;
let socket: WsClient | null = null;
let sessionEnded: (() => void) | null = null;

/** Registers what to do when the API says the session is gone (UNAUTHENTICATED); returns the unregister. */
export function onSessionEnded(handler: () => void): () => void {
  sessionEnded = handler;
  return () => {
    if (sessionEnded === handler) sessionEnded = null;
  };
}

export function setCsrfToken(token: string | null): void {
  if (token === csrfToken) return;
  csrfToken = token;
  // A new session (or none): the socket authenticated as the old one must not live on.
  void socket?.dispose();
  socket = null;
}

function websocket(): WsClient {
  socket ??= createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    connectionParams: () => (csrfToken ? { csrfToken } : {}),
  });
  return socket;
}

export function createConsoleClient(): Client {
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => ({
      credentials: 'same-origin',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : undefined,
    }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (csrfToken && errorCode(error) === 'UNAUTHENTICATED') sessionEnded?.();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = websocket().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

/** The stable `extensions.code` of a GraphQL error, when there is one. */
export function errorCode(
  error: { graphQLErrors?: readonly { extensions?: Record<string, unknown> }[] } | undefined,
): string | undefined {
  const code = error?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
