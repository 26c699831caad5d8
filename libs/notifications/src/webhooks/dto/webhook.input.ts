import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';
import { WEBHOOK_EVENTS_MAX, WEBHOOK_URL_MAX_LENGTH } from '../webhook-rules.js';

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'http(s), reachable on a public address; no credentials in it.' })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url: string;

  @Field(() => [String], { description: 'Event types (listed in docs/webhooks.md), `<group>.*` or `*`.' })
  @ArrayMaxSize(WEBHOOK_EVENTS_MAX)
  @IsString({ each: true })
  events: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(WEBHOOK_EVENTS_MAX)
  @IsString({ each: true })
  events?: string[] | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true re-enables a disabled endpoint (and resets its dead-letter count); false pauses it.',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}

@InputType()
export class DeliveryFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  endpointId?: string | null;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  eventType?: string | null;
}
