import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tsunagu/platform';
import { createTransport } from 'nodemailer';

/** What the worker needs of a nodemailer transport (a test or another transport can stand in). */
export interface MailTransport {
  sendMail(message: OutgoingMail): Promise<{ messageId?: string }>;
  close(): void;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The SMTP transport of SMTP_URL, or null when it is unset (no e-mail is sent). */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Bounded waits, so a dead or silent server fails the attempt (it is retried) instead of holding the job. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): MailTransport | null =>
    config.SMTP_URL ? createTransport({ url: config.SMTP_URL, ...SMTP_TIMEOUTS }) : null,
};

/** Closes the transport's connections after the MAIL queue's worker has finished its jobs. */
@Injectable()
export class MailTransportShutdown implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null) {}

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** The SMTP server of a URL, for logs: scheme, host and port, never the credentials. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unreadable SMTP_URL)';
  }
}
