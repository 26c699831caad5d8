import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { freePort } from './worker-process.js';

export interface ReceivedMail {
  /** RCPT TO addresses. */
  to: string[];
  /** The message as it crossed the wire (headers and encoded body). */
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpRefusal {
  /** Which command gets the refusal: RCPT TO for that address, or the DATA of a mail to it. */
  stage: 'RCPT' | 'DATA';
  code: number;
  message: string;
}

export interface SmtpSink {
  readonly url: string;
  /** Every mail accepted so far, in order. */
  readonly mails: readonly ReceivedMail[];
  /** The mails accepted for `address`. */
  mailsTo(address: string): ReceivedMail[];
  /** Refuses the next `count` mails to `address` at `refusal.stage`; returns how many were refused so far. */
  refuseNext(address: string, count: number, refusal: SmtpRefusal): () => number;
  close(): Promise<void>;
}

function smtpError(refusal: SmtpRefusal): SMTPServerError {
  const error: SMTPServerError = new Error(refusal.message);
  error.responseCode = refusal.code;
  return error;
}

/**
 * A real SMTP server on a loopback port (the `smtp-server` package): plain SMTP (no STARTTLS), no AUTH
 * required, every accepted message kept raw and parsed (`mailparser`). Refusals per recipient simulate a
 * server that answers 4xx/5xx to RCPT TO or DATA.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const refusals = new Map<string, { left: number; done: number; refusal: SmtpRefusal }>();
  const refusalFor = (addresses: string[], stage: SmtpRefusal['stage']) => {
    for (const address of addresses) {
      const pending = refusals.get(address.toLowerCase());
      if (pending && pending.left > 0 && pending.refusal.stage === stage) {
        pending.left -= 1;
        pending.done += 1;
        return pending.refusal;
      }
    }
    return null;
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refusalFor([address.address], 'RCPT');
      callback(refusal ? smtpError(refusal) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const refusal = refusalFor(to, 'DATA');
        if (refusal) {
          callback(smtpError(refusal));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({ to, raw: raw.toString('utf8'), parsed });
            callback(null);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => undefined);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo: (address) => mails.filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase())),
    refuseNext(address, count, refusal) {
      const entry = { left: count, done: 0, refusal };
      refusals.set(address.toLowerCase(), entry);
      return () => entry.done;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
