import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { type GqlContextType } from '@nestjs/graphql';

/**
 * GraphQL errors are mapped and, when unexpected, logged once by the GraphQL error formatter (with the
 * request id). Nest's default handler would log every expected domain error (a wrong key, a bad input) as
 * an error with its stack, so GraphQL exceptions pass straight through; HTTP routes keep the default.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    // Rethrown (not returned) so that subscriptions fail as GraphQL errors too, not as a bad event stream.
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    return super.catch(exception, host);
  }
}
