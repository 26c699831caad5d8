import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The agency console's strict policy: every script, style and request goes to this server only; the console
 * cannot be framed (clickjacking) and forms post nowhere else.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Where `npm run build` writes the console (`CONSOLE_DIR` overrides, e.g. for a separately built bundle). */
export function consoleDirectory(): string {
  return resolve(process.env.CONSOLE_DIR ?? 'dist/console');
}

/**
 * The agency console at `/console/`: the built single-page app, with `index.html` for every address under it
 * that is not a file, so a bookmarked `/console/referrals/…` opens the right screen.
 */
export async function registerConsole(fastify: FastifyInstance, root = consoleDirectory()): Promise<void> {
  const built = existsSync(resolve(root, 'index.html'));
  const secure = (reply: { header(name: string, value: string): unknown }) => {
    reply.header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  };
  if (built) {
    await fastify.register(fastifyStatic, {
      root: resolve(root, 'assets'),
      prefix: '/console/assets/',
      immutable: true,
      maxAge: '365d',
      setHeaders: (response) => {
        void response.header('x-content-type-options', 'nosniff');
      },
    });
  }
  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    secure(reply);
    if (!built) {
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  };
  fastify.get('/console', page);
  fastify.get('/console/', page);
  fastify.get('/console/*', page);
}
