import path from 'node:path';

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NotifierSettings } from '@orgo/config';
import { LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type Mail from 'nodemailer/lib/mailer';
import type { Logger } from 'pino';

import { NOTIFIER_SETTINGS } from '../notifier-settings.provider';
import type { NotificationEntity } from '../notifications/notification.entity';
import { DeliveryError } from './delivery-error';
import { FileMailTransport } from './file-mail-transport';
import { LogSmsProvider, type SmsProvider, WebhookSmsProvider } from './sms-provider';
import { SmtpMailTransport } from './smtp-mail-transport';

/** What a successful delivery left behind. */
export interface SendResult {
  /** The `.eml` the file transport wrote, when it is on. */
  file: string | null;
}

/**
 * Sends one notification on its channel: email through the configured transports (the file
 * transport writes `<home>/outbox/*.eml`; SMTP sends through the relay; with both on, the file is
 * written first and the relay decides the outcome), SMS through the provider adapter (log or
 * webhook), in-app: nothing to send (it is stored and the API streams it). Throws a DeliveryError.
 */
@Injectable()
export class ChannelSender implements OnApplicationShutdown {
  private readonly file: FileMailTransport | null;
  private readonly smtp: SmtpMailTransport | null;
  private readonly sms: SmsProvider;

  constructor(
    @Inject(SERVICE_CONTEXT) context: ServiceContext,
    @Inject(NOTIFIER_SETTINGS) settings: NotifierSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.file = settings.emailTransports.includes('file') ? new FileMailTransport(path.join(context.home, 'outbox')) : null;
    this.smtp = settings.emailTransports.includes('smtp') && settings.smtp ? new SmtpMailTransport(settings.smtp) : null;
    this.sms = settings.sms.provider === 'webhook' && settings.sms.webhook ? new WebhookSmsProvider(settings.sms.webhook) : new LogSmsProvider(logger);
  }

  async send(row: NotificationEntity): Promise<SendResult> {
    if (row.channel === 'in_app') return { file: null };
    if (row.channel === 'sms') {
      await this.sms.send({ notificationId: row.id, to: row.recipient, text: row.body, organization: row.organization, taskKey: row.taskKey });
      return { file: null };
    }
    if (!row.mail) throw new DeliveryError(`notification ${row.id} has no mail headers`, true);
    if (!this.file && !this.smtp) throw new DeliveryError('no email transport is on (services/notifier email_transports is empty)', false);
    const mail: Mail.Options = {
      from: row.mail.from,
      to: row.recipient,
      replyTo: row.mail.replyTo ?? undefined,
      subject: row.subject,
      text: row.body,
      ...(row.html ? { html: row.html } : {}),
      ...(row.attachments?.length ? { attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
      messageId: row.mail.messageId,
      ...(row.mail.inReplyTo ? { inReplyTo: row.mail.inReplyTo, references: [row.mail.inReplyTo] } : {}),
      headers: row.mail.headers,
      date: new Date(row.createdAt),
    };
    const stamp = row.createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = this.file ? await this.file.send(mail, `${stamp}-${row.taskKey ?? (row.reviewRunId ? 'review' : 'digest')}-${row.purpose}-${row.id.slice(0, 8)}`) : null;
    if (this.smtp) await this.smtp.send(mail);
    return { file };
  }

  onApplicationShutdown(): void {
    this.smtp?.close();
  }
}
