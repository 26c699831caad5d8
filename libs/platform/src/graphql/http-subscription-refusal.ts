import { getOperationAST, GraphQLError, OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';

/** The `extensions.reason` of a subscription sent as an HTTP request. */
export const SUBSCRIPTION_OVER_HTTP = 'SUBSCRIPTION_OVER_HTTP';

/** The part of Mercurius' per-request context this hook reads: only HTTP requests have a reply. */
export interface HttpOperationContext {
  reply?: { request: { body?: unknown; query?: unknown; ws?: unknown } };
}

/** The operation name the request gives (GraphQL over HTTP: the POST body, or the GET query string). */
function operationNameOf(context: HttpOperationContext): string | undefined {
  const request = context.reply?.request;
  for (const source of [request?.body, request?.query]) {
    const name = (source as { operationName?: unknown } | null | undefined)?.operationName;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * Mercurius `preExecution` hook: a subscription runs over graphql-ws only. Sent as an HTTP request it would
 * execute its event resolver without an event, so it is refused before execution as a request error
 * (`BAD_USER_INPUT`, `reason: SUBSCRIPTION_OVER_HTTP`). `preExecution` rather than `preValidation`, which
 * Mercurius skips for documents it has cached.
 */
export function refuseSubscriptionOverHttp(
  _schema: GraphQLSchema,
  document: DocumentNode,
  context: HttpOperationContext,
): void {
  if (!context.reply || context.reply.request.ws) return;
  const operation = getOperationAST(document, operationNameOf(context));
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
  throw new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) only, not over HTTP', {
    nodes: [operation],
    extensions: { reason: SUBSCRIPTION_OVER_HTTP },
  });
}
