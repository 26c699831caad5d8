import { Module } from '@nestjs/common';
import { EmailDeliveriesResolver } from './email-deliveries.resolver.js';
import { EmailDeliveriesService } from './email-deliveries.service.js';

/** The API side of e-mail notices: `emailDeliveries`, the agency's own log (the worker sends). */
@Module({
  providers: [EmailDeliveriesService, EmailDeliveriesResolver],
})
export class EmailDeliveriesModule {}
