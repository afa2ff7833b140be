import fs from 'node:fs';

import type { SmtpRelaySettings } from '@orgo/config';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

import { DeliveryError, smtpDeliveryError } from './delivery-error';

/**
 * Sends mail through the configured SMTP relay (nodemailer, pooled): TLS from the first byte
 * (`implicit`), STARTTLS required (`starttls`) or plain (`none`), an optional login and an optional
 * CA file to trust a private or self-signed relay. A refusal becomes a DeliveryError (5xx: permanent).
 */
export class SmtpMailTransport {
  private readonly transporter: Transporter;

  constructor(settings: SmtpRelaySettings) {
    this.transporter = nodemailer.createTransport({
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.tls === 'implicit',
      requireTLS: settings.tls === 'starttls',
      ignoreTLS: settings.tls === 'none',
      maxConnections: settings.maxConnections,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.password } } : {}),
      ...(settings.tlsCaFile ? { tls: { ca: fs.readFileSync(settings.tlsCaFile) } } : {}),
    });
  }

  async send(mail: Mail.Options): Promise<void> {
    try {
      const info = await this.transporter.sendMail(mail);
      if ((info.rejected ?? []).length > 0) throw new DeliveryError(`the SMTP server refused the recipients ${(info.rejected ?? []).join(', ')}: ${info.response}`, true);
    } catch (error) {
      throw smtpDeliveryError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
