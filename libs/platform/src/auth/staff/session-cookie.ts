import { fastifyCookie } from '@fastify/cookie';
import type { IncomingHttpHeaders } from 'node:http';

/** The console's session cookie. */
export const SESSION_COOKIE = 'tsunagu_session';
/** The header a cookie-authenticated request carries the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** How a request may identify its caller: an API key, or a session cookie with its CSRF token. */
export interface RequestCredentials {
  authorization?: string;
  sessionToken?: string;
  csrfToken?: string;
}

export function sessionTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (typeof header !== 'string' || header.length === 0) return undefined;
  try {
    return fastifyCookie.parse(header)[SESSION_COOKIE] || undefined;
  } catch {
    return undefined;
  }
}

/** The credentials of an HTTP request (or a WebSocket upgrade): header values only, nothing verified yet. */
export function credentialsOf(headers: IncomingHttpHeaders): RequestCredentials {
  const authorization = headers.authorization;
  const csrf = headers[CSRF_HEADER];
  return {
    authorization: typeof authorization === 'string' ? authorization : undefined,
    sessionToken: sessionTokenOf(headers),
    csrfToken: typeof csrf === 'string' ? csrf : undefined,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * `Secure` everywhere but on the loopback interface, where a developer's `npm start` serves plain HTTP
 * (browsers treat http://localhost as a secure context, so Secure cookies would work there too, but not on
 * 127.0.0.1 with every browser).
 */
export function sessionCookie(token: string, hostname: string, maxAgeMs: number): string {
  return fastifyCookie.serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: !LOOPBACK_HOSTS.has(hostname.replace(/:\d+$/, '')),
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearedSessionCookie(hostname: string): string {
  return sessionCookie('', hostname, 0);
}

/**
 * Whether a WebSocket upgrade comes from this server's own pages: browsers send `Origin` on every upgrade, and
 * a cookie alone must not let another site open a socket in the staff member's name. The host the browser saw
 * is `X-Forwarded-Host` only when the upgrade came through a proxy TRUST_PROXY trusts (`viaTrustedProxy`);
 * otherwise that header is anyone's to send, and `Host` is the one compared.
 */
export function sameOrigin(headers: IncomingHttpHeaders, viaTrustedProxy = false): boolean {
  const origin = headers.origin;
  const host = (viaTrustedProxy ? headers['x-forwarded-host'] : undefined) ?? headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string') return false;
  try {
    return new URL(origin).host === host.split(',')[0].trim();
  } catch {
    return false;
  }
}
