import fs from 'node:fs';
import os from 'node:os';

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import { Counter } from 'prom-client';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

import { RawMessageService } from '../raw-messages/raw-message.service';
import { RecipientPolicy, type SmtpRefusal, oversizeRefusal } from './recipient-policy';

const smtpMessages = new Counter({
  name: 'orgo_smtp_messages_total',
  help: 'Messages offered to the SMTP intake, by outcome (accepted, duplicate, refused_recipient, oversize, error)',
  labelNames: ['outcome'] as const,
});

function refusal(r: SmtpRefusal): Error {
  return Object.assign(new Error(r.message), { responseCode: r.responseCode });
}

/**
 * The optional SMTP listener (`smtp.enabled`): mail is taken for the organizations' role addresses
 * only (every other recipient gets 550: no relay), up to the size limit (announced with SIZE and
 * enforced: 552), with STARTTLS when a certificate is configured, without AUTH (it is an inbound
 * server). Each accepted recipient's copy goes through RawMessageService.accept with that role
 * address as its mailbox, and the 250 is given only once every copy is committed; a failure to
 * store answers 451, so the sender tries again and nothing accepted is ever lost.
 */
@Injectable()
export class SmtpIntake implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: SMTPServer;
  private address?: { host: string; port: number };

  constructor(
    private readonly messages: RawMessageService,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.context.config.email.smtp;
    if (!settings.enabled) return;
    const logger = this.context.logger.child({ intake: 'smtp' });
    const policy = new RecipientPolicy(settings.acceptedAddresses);
    const tls = settings.starttls ? this.readTls(settings.starttls) : undefined;
    const server = new SMTPServer({
      name: os.hostname(),
      banner: 'Orgo mail intake',
      size: settings.sizeLimit,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ?? {}),
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refused = policy.check(address.address);
        if (refused) {
          smtpMessages.inc({ outcome: 'refused_recipient' });
          logger.warn({ recipient: address.address }, 'SMTP recipient refused: not a role address (no relay)');
          return callback(refusal(refused));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session, settings.sizeLimit).then(
          (outcome) => callback(outcome ? refusal(outcome) : null),
          (error) => {
            smtpMessages.inc({ outcome: 'error' });
            logger.error({ err: error }, 'SMTP message could not be stored; the sender is told to try again');
            callback(refusal({ responseCode: 451, message: '4.3.0 the message could not be stored; try again later' }));
          },
        );
      },
    });
    server.on('error', (error) => logger.warn({ err: error }, 'SMTP session error'));
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) =>
        reject(new OrgoError('EMAIL.SMTP_LISTEN', `The SMTP intake cannot listen on ${settings.host}:${settings.port}: ${error.message}; change smtp.host / smtp.port in config/services/email/ or free the port`));
      server.server.once('error', failed);
      server.listen(settings.port, settings.host, () => {
        server.server.off('error', failed);
        resolve();
      });
    });
    this.server = server;
    this.address = { host: settings.host, port: settings.port };
    logger.info({ host: settings.host, port: settings.port, starttls: Boolean(tls), sizeLimit: settings.sizeLimit, roleAddresses: settings.acceptedAddresses.length }, 'SMTP intake listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** For /health/ready. */
  status(): { enabled: boolean; listening: boolean; host?: string; port?: number } {
    return { enabled: this.context.config.email.smtp.enabled, listening: Boolean(this.server), ...(this.address ?? {}) };
  }

  /** Reads the message; stores one copy per recipient; null on success, else the refusal. */
  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, limit: number): Promise<SmtpRefusal | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > limit) {
      smtpMessages.inc({ outcome: 'oversize' });
      this.context.logger.warn({ intake: 'smtp', size, limit }, 'SMTP message refused: over the size limit');
      return oversizeRefusal(limit);
    }
    const raw = Buffer.concat(chunks);
    for (const recipient of session.envelope.rcptTo) {
      const outcome = await this.messages.accept(raw, recipient.address, 'smtp');
      smtpMessages.inc({ outcome: outcome.status });
    }
    return null;
  }

  private readTls(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
    try {
      return { cert: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile) };
    } catch (error) {
      throw new OrgoError(
        'EMAIL.SMTP_TLS',
        `The SMTP intake cannot read its STARTTLS certificate or key (${(error as Error).message}); fix smtp.starttls.cert_file / key_file in config/services/email/`,
      );
    }
  }
}
