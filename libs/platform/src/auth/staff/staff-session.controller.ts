import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preferredLocale } from '../../errors/accept-language.js';
import { serviceUnavailable, transientKind } from '../../database/transient-errors.js';
import { DomainError, UnauthenticatedError } from '../../errors/domain-error.js';
import { ErrorCode } from '../../errors/error-code.js';
import { localizedMessage } from '../../errors/graphql-error-formatter.js';
import { Public } from '../access.decorators.js';
import { clearedSessionCookie, CSRF_HEADER, sessionCookie, sessionTokenOf } from './session-cookie.js';
import { csrfTokenMatches } from './session-store.js';
import { StaffAuthService } from './staff-auth.service.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** A string field of a JSON body, or a BAD_USER_INPUT naming it. */
function field(body: unknown, name: string, required = true): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value === 'string' && value.length > 0 && value.length <= 1000) return value;
  if (!required && (value === undefined || value === null || value === '')) return undefined;
  throw new DomainError(ErrorCode.BAD_USER_INPUT, `"${name}" must be a non-empty string`, { field: name });
}

/**
 * The console's session over plain HTTP (every GraphQL request needs a caller, so signing in cannot be one):
 * - `POST /auth/sign-in` `{ email, password, totpCode? }` sets the session cookie and returns the session;
 * - `GET /auth/session` returns the live session (with its CSRF token) for the cookie, or 401;
 * - `POST /auth/sign-out` ends this session (with the CSRF header);
 * - `POST /auth/password-reset` `{ email }` e-mails a reset link; `POST /auth/password-reset/confirm`
 *   `{ token, newPassword }` sets the password.
 * Bodies must be `application/json`, which a cross-site form cannot send. Errors have the GraphQL shape:
 * `{ "errors": [{ "message", "extensions": { "code", "reason", … } }] }`.
 */
@Controller('auth')
@Public()
export class StaffSessionController {
  constructor(private readonly auth: StaffAuthService) {}

  @Post('sign-in')
  async signIn(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    await this.answer(req, reply, async () => {
      const { token, session, view } = await this.auth.signIn(
        { email: field(body, 'email')!, password: field(body, 'password')!, totpCode: field(body, 'totpCode', false) },
        req.ip,
      );
      void reply.header('set-cookie', sessionCookie(token, req.hostname, session.expiresAt - session.createdAt));
      return view;
    });
  }

  @Get('session')
  async session(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(req, reply, async () => {
      const session = await this.auth.resolve(sessionTokenOf(req.headers));
      if (!session) throw new UnauthenticatedError('Not signed in', { reason: 'SESSION_ENDED' });
      return this.auth.view(session);
    });
  }

  @Post('sign-out')
  async signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(req, reply, async () => {
      const session = await this.auth.resolve(sessionTokenOf(req.headers));
      if (session) {
        const sent = req.headers[CSRF_HEADER];
        if (!csrfTokenMatches(session, typeof sent === 'string' ? sent : undefined)) {
          throw new DomainError(ErrorCode.FORBIDDEN, `Signing out needs the session's ${CSRF_HEADER} header`, {
            reason: 'CSRF_TOKEN_INVALID',
          });
        }
        await this.auth.signOut(session);
      }
      void reply.header('set-cookie', clearedSessionCookie(req.hostname));
      return { signedOut: true };
    });
  }

  @Post('password-reset')
  @HttpCode(202)
  async requestPasswordReset(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    await this.answer(
      req,
      reply,
      async () => {
        await this.auth.requestPasswordReset(field(body, 'email')!, req.ip);
        return { accepted: true };
      },
      202,
    );
  }

  @Post('password-reset/confirm')
  async resetPassword(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    await this.answer(req, reply, async () => {
      await this.auth.resetPassword(field(body, 'token')!, field(body, 'newPassword')!);
      void reply.header('set-cookie', clearedSessionCookie(req.hostname));
      return { passwordChanged: true };
    });
  }

  private async answer(req: FastifyRequest, reply: FastifyReply, work: () => Promise<unknown>, status = 200) {
    void reply.header('cache-control', 'no-store');
    if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return this.fail(
        req,
        reply,
        new DomainError(ErrorCode.BAD_USER_INPUT, 'Send the body as application/json', {
          reason: 'UNSUPPORTED_MEDIA_TYPE',
        }),
        415,
      );
    }
    try {
      const result = await work();
      void reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(result));
    } catch (error) {
      // PostgreSQL or Redis down is SERVICE_UNAVAILABLE here too, as it is for GraphQL.
      const kind = error instanceof DomainError ? undefined : transientKind(error);
      if (kind) return this.fail(req, reply, serviceUnavailable(kind, error));
      if (!(error instanceof DomainError)) throw error;
      this.fail(req, reply, error);
    }
  }

  private fail(req: FastifyRequest, reply: FastifyReply, error: DomainError, status?: number): void {
    const extensions = { code: error.code, ...error.details };
    const retryAfter = error.details.retryAfter;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    const message = localizedMessage(extensions, error.message, preferredLocale(req.headers['accept-language']));
    void reply
      .code(status ?? STATUS[error.code] ?? 400)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ errors: [{ message, extensions }] }));
  }
}
