import { getQueueToken } from '@nestjs/bullmq';
import { type Provider } from '@nestjs/common';
import { QueueName } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { EmailSenderService } from './email-sender.service.js';
import { EmailChannel } from './email.channel.js';
import { MailProcessor } from './mail.processor.js';
import { MailTransportShutdown, mailTransportProvider } from './mail-transport.js';
import { SendEmailHandler } from './send-email.handler.js';

const MAIL_QUEUE_ERRORS = Symbol('MAIL_QUEUE_ERRORS');

/**
 * The worker side of e-mail, for NotificationsModule (which registers the MAIL queue, lists EmailChannel among
 * the fan-out channels and SendEmailHandler among the job handlers).
 */
export const EMAIL_WORKER_PROVIDERS: Provider[] = [
  {
    // As for the other queues: the processor reports outages; the queue's own errors would only repeat them.
    provide: MAIL_QUEUE_ERRORS,
    inject: [getQueueToken(QueueName.MAIL)],
    useFactory: (queue: Queue): Queue => queue.on('error', () => undefined),
  },
  mailTransportProvider,
  MailTransportShutdown,
  EmailChannel,
  EmailSenderService,
  SendEmailHandler,
  MailProcessor,
];
