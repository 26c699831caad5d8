import type { FastifyInstance } from 'fastify';
import { loadGraphiQLAssets, type GraphiQLAsset } from './graphiql-assets.js';
import {
  GRAPHIQL_CONTENT_SECURITY_POLICY,
  GRAPHIQL_PAGE_CSS,
  GRAPHIQL_START_SCRIPT,
  graphiqlPage,
} from './graphiql-page.js';

/**
 * GraphiQL at `/graphiql`, with every file it loads served from this server: the IDE works offline and behind
 * firewalls that block CDNs. Queries and mutations go to `graphqlPath` over HTTP, subscriptions over graphql-ws.
 */
export function registerGraphiQL(fastify: FastifyInstance, graphqlPath = '/graphql'): void {
  const page = graphiqlPage(graphqlPath);
  const own: Record<string, GraphiQLAsset> = {
    'start.js': { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(GRAPHIQL_START_SCRIPT) },
    'page.css': { contentType: 'text/css; charset=utf-8', body: Buffer.from(GRAPHIQL_PAGE_CSS) },
  };
  let packaged: Map<string, GraphiQLAsset> | undefined;

  fastify.get('/graphiql', (_request, reply) => {
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(page);
  });

  fastify.get<{ Params: { file: string } }>('/graphiql/assets/:file', (request, reply) => {
    packaged ??= loadGraphiQLAssets();
    const asset = own[request.params.file] ?? packaged.get(request.params.file);
    if (!asset) {
      void reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return;
    }
    void reply
      .header('content-type', asset.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .send(asset.body);
  });
}
