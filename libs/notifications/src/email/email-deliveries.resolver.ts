import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import {
  CurrentAuth,
  InputValidationPipe,
  pageRequest,
  RequireScopes,
  Scope,
  type AuthContext,
  type Connection,
} from '@tsunagu/platform';
import { EmailDelivery, EmailDeliveryConnection, EmailDeliveryFilter } from './dto/email-delivery.model.js';
import { EmailDeliveriesService } from './email-deliveries.service.js';

@Resolver(() => EmailDelivery)
export class EmailDeliveriesResolver {
  constructor(private readonly deliveries: EmailDeliveriesService) {}

  @Query(() => EmailDeliveryConnection, {
    description: "The calling agency's e-mail notices, newest first, with their attempts and errors.",
  })
  @RequireScopes(Scope.DIRECTORY_READ)
  emailDeliveries(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => EmailDeliveryFilter, nullable: true }, new InputValidationPipe(EmailDeliveryFilter))
    filter: EmailDeliveryFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<EmailDelivery>> {
    return this.deliveries.list(caller, filter, pageRequest(first, after, this.deliveries.pageSizeMax));
  }
}
