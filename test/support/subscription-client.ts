import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** Resolves with the next `count` results (in order), or rejects after `timeoutMs`. */
  next(count?: number, timeoutMs?: number): Promise<T[]>;
  /** Results received so far. */
  received: T[];
  close(): Promise<void>;
}

/** A graphql-ws client (`graphql-transport-ws`) against a test app, authenticated in connection_init. */
export function wsClient(httpUrl: string, key: string | null): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export async function subscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Subscription<T>> {
  const received: T[] = [];
  const errors: unknown[] = [];
  let wake: () => void = () => undefined;
  const iterator = client.iterate<T>({ query, variables });
  const pump = (async () => {
    try {
      for await (const result of iterator) {
        if (result.errors) errors.push(result.errors);
        else if (result.data) received.push(result.data);
        wake();
      }
    } catch (error) {
      errors.push(error);
      wake();
    }
  })();
  // The subscription is live once the server acknowledged it; give the round trip a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    received,
    async next(count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} results, got ${received.length}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 200));
        });
      }
      return received.slice(0, count);
    },
    async close() {
      await iterator.return?.();
      await pump;
    },
  };
}
