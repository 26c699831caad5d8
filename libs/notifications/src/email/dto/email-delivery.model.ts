import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export enum EmailDeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

registerEnumType(EmailDeliveryStatus, {
  name: 'EmailDeliveryStatus',
  description: 'PENDING (queued or being retried), SENT (the SMTP server accepted it), FAILED (retries exhausted).',
});

@ObjectType({ description: 'One e-mail notice to the agency (one per event), and what became of it.' })
export class EmailDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The event the notice tells of (the outbox event id, as in webhooks).' })
  eventId: string;

  @Field()
  eventType: string;

  @Field({ description: "The address it went to: the agency's contact address at the time of the event." })
  recipient: string;

  @Field(() => EmailDeliveryStatus)
  status: EmailDeliveryStatus;

  @Field(() => Int, { description: 'SMTP attempts made so far.' })
  attempts: number;

  @Field(() => String, {
    nullable: true,
    description: 'The error of the last failed attempt (kept when a later attempt succeeded).',
  })
  lastError: string | null;

  @Field(() => String, { nullable: true, description: 'The Message-ID of the sent mail.' })
  messageId: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;
}

export const EmailDeliveryConnection = ConnectionType(EmailDelivery, 'EmailDelivery');

@InputType()
export class EmailDeliveryFilter {
  @Field(() => EmailDeliveryStatus, { nullable: true })
  @IsOptional()
  status?: EmailDeliveryStatus | null;

  @Field(() => String, { nullable: true, description: 'An event type, e.g. referral.sent.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  eventType?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  eventId?: string | null;
}
