import type { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO), lower-cased: who the server delivered the mail to. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  headers: Map<string, unknown>;
}

export interface SmtpSink {
  port: number;
  /** Every mail accepted so far, in arrival order. */
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that accepts every mail, without TLS or login, and
 * keeps it parsed: what a notifier configured with `smtp.tls: none` delivers to.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers: parsed.headers,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The settings (as environment overrides) that send a standalone Orgo's mail to the sink only. */
export function smtpSinkEnv(sink: SmtpSink): Record<string, string> {
  return {
    ORGO_NOTIFIER__EMAIL_TRANSPORTS: 'smtp',
    ORGO_NOTIFIER__SMTP__HOST: '127.0.0.1',
    ORGO_NOTIFIER__SMTP__PORT: String(sink.port),
    ORGO_NOTIFIER__SMTP__TLS: 'none',
  };
}
