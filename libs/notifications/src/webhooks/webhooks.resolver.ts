import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CurrentAuth,
  InputValidationPipe,
  loader,
  pageRequest,
  RequireScopes,
  Scope,
  UuidPipe,
  type AuthContext,
  type Connection,
  type RequestContext,
} from '@tsunagu/platform';
import DataLoader from 'dataloader';
import { DeliveryFilter, RegisterWebhookInput, UpdateWebhookInput } from './dto/webhook.input.js';
import {
  RegisteredWebhook,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
} from './dto/webhook.model.js';
import { type WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import { type WebhookEndpointEntity } from './entities/webhook-endpoint.entity.js';
import { WebhooksService, type RegisteredWebhookResult } from './webhooks.service.js';

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookEndpoint], { description: 'The calling agency’s webhook endpoints, oldest first.' })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  webhooks(@CurrentAuth() caller: AuthContext): Promise<WebhookEndpointEntity[]> {
    return this.service.list(caller);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'The calling agency’s webhook deliveries, newest first.' })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  webhookDeliveries(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => DeliveryFilter, nullable: true }, new InputValidationPipe(DeliveryFilter))
    filter: DeliveryFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<WebhookDeliveryEntity>> {
    return this.service.listDeliveries(caller, filter, pageRequest(first, after, this.service.pageSizeMax));
  }

  @Mutation(() => RegisteredWebhook, {
    description: 'Registers an endpoint for the calling agency; the signing secret is returned in this response only.',
  })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  registerWebhook(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: RegisterWebhookInput,
  ): Promise<RegisteredWebhookResult> {
    return this.service.register(caller, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Changes an endpoint; enabled: true re-enables a disabled one.' })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  updateWebhook(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: UpdateWebhookInput,
  ): Promise<WebhookEndpointEntity> {
    return this.service.update(caller, id, input);
  }

  @Mutation(() => RegisteredWebhook, {
    description: 'Replaces the signing secret at once; the new one is returned in this response only.',
  })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  rotateWebhookSecret(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<RegisteredWebhookResult> {
    return this.service.rotateSecret(caller, id);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Delivers a dead-lettered (or succeeded) delivery again, with a fresh retry budget.',
  })
  @RequireScopes(Scope.WEBHOOKS_MANAGE)
  redeliverWebhook(
    @CurrentAuth() caller: AuthContext,
    @Args('deliveryId', { type: () => ID }, UuidPipe) deliveryId: string,
  ): Promise<WebhookDeliveryEntity> {
    return this.service.redeliver(caller, deliveryId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  constructor(private readonly service: WebhooksService) {}

  @ResolveField(() => WebhookEndpoint)
  endpoint(
    @Parent() delivery: WebhookDeliveryEntity,
    @Context() context: RequestContext,
  ): Promise<WebhookEndpointEntity | null> {
    const caller = context.caller as AuthContext;
    return loader(
      context,
      'webhookDelivery.endpoint',
      () => new DataLoader((ids: readonly string[]) => this.service.endpointsByIds(caller, ids)),
    ).load(delivery.endpointId);
  }

  @ResolveField(() => [WebhookAttempt], { description: 'Every attempt, oldest first.' })
  attemptLog(@Parent() delivery: WebhookDeliveryEntity, @Context() context: RequestContext): Promise<WebhookAttempt[]> {
    return loader(
      context,
      'webhookDelivery.attempts',
      () => new DataLoader((ids: readonly string[]) => this.service.attemptsOf(ids)),
    ).load(delivery.id);
  }
}
