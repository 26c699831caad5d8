import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context.js';
import { credentialsOf } from '../auth/staff/session-cookie.js';

/** The GraphQL context of one request (or one subscription connection). */
export interface RequestContext {
  req?: FastifyRequest;
  reply?: FastifyReply;
  /** The `authorization` value: the HTTP header, or the graphql-ws `connection_init` payload's. */
  authorization?: string;
  /** The console's session cookie and the CSRF token sent with it (used when there is no `authorization`). */
  sessionToken?: string;
  csrfToken?: string;
  /** Filled in by the guard on the first field that needs it; reused by the rest of the request. */
  authentication?: Promise<AuthContext>;
  /** The resolved caller, set by the guard before any guarded resolver runs. */
  caller?: AuthContext;
  /** Per-request DataLoaders, created lazily by `loader()`. */
  loaders: Map<string, unknown>;
}

export function createRequestContext(req: FastifyRequest, reply: FastifyReply): RequestContext {
  return { req, reply, ...credentialsOf(req.headers), loaders: new Map() };
}

/** One DataLoader-like object per request and name, so every field resolver of a request shares it. */
export function loader<T>(context: RequestContext, name: string, create: () => T): T {
  let existing = context.loaders.get(name) as T | undefined;
  if (!existing) {
    existing = create();
    context.loaders.set(name, existing);
  }
  return existing;
}
