import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { WebhookAttemptState } from '../entities/webhook-attempt.entity.js';
import { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: being attempted or waiting to be; SUCCEEDED: a 2xx came back; DEAD_LETTERED: gave up.',
});

registerEnumType(WebhookAttemptState, {
  name: 'WebhookAttemptState',
  description:
    'SENDING: recorded before the POST, whose outcome is not recorded yet; SUCCEEDED: a 2xx came back; FAILED: ' +
    'anything else (an attempt whose outcome was never recorded, after a crash, is FAILED with error "interrupted: …").',
});

@ObjectType('WebhookEndpoint', {
  description: 'Where an agency receives its events by signed POST. The signing secret is never shown again.',
})
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => [String], { description: 'Event types, `<group>.*` or `*`.' })
  events: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field({ description: 'False after updateWebhook(enabled: false) or after too many dead-lettered deliveries.' })
  enabled: boolean;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true })
  disabledReason: string | null;

  @Field(() => Int, { description: 'Dead-lettered deliveries since the last success.' })
  consecutiveDeadLetters: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('RegisteredWebhook')
export class RegisteredWebhook {
  @Field(() => WebhookEndpoint)
  webhook: WebhookEndpoint;

  @Field({
    description:
      'Signs every delivery (Tsunagu-Signature, see docs/webhooks.md). Shown only in this response; store it now.',
  })
  signingSecret: string;
}

@ObjectType('WebhookAttempt', { description: 'One POST of a delivery.' })
export class WebhookAttempt {
  @Field(() => Int, { description: 'Counts on across redeliveries.' })
  number: number;

  @Field({ description: 'When the POST started.' })
  at: Date;

  @Field(() => WebhookAttemptState, { description: 'SENDING while the POST is under way.' })
  state: WebhookAttemptState;

  @Field()
  succeeded: boolean;

  @Field(() => Int, { nullable: true, description: 'The response status; null when none came.' })
  statusCode: number | null;

  @Field(() => Int, { description: '0 while SENDING.' })
  latencyMs: number;

  @Field(() => String, { nullable: true })
  error: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One event for one endpoint, with its attempts.' })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  endpointId: string;

  // endpoint and attemptLog: resolved per request in batches.

  @Field(() => ID, { description: 'The event id (also in the body and the Tsunagu-Event-Id header).' })
  eventId: string;

  @Field()
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made, over every redelivery.' })
  attempts: number;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => Int, { nullable: true })
  lastLatencyMs: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next retry is due, while PENDING after a failure.' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true })
  deadLetteredAt: Date | null;

  @Field(() => Int, { description: 'How many times redeliverWebhook started it again.' })
  redeliveries: number;

  @Field()
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');
