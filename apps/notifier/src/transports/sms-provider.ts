import type { SmsWebhookSettings } from '@orgo/config';
import type { Logger } from 'pino';

import { DeliveryError } from './delivery-error';

/** One SMS to send. */
export interface OutgoingSms {
  notificationId: string;
  to: string;
  text: string;
  organization: string;
  taskKey: string | null;
}

/** An SMS provider adapter: resolves when the provider accepted the message, throws a DeliveryError otherwise. */
export interface SmsProvider {
  readonly name: string;
  send(sms: OutgoingSms): Promise<void>;
}

/** Writes each SMS to the log (the default: nothing leaves the machine). */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  async send(sms: OutgoingSms): Promise<void> {
    this.logger.info({ notificationId: sms.notificationId, to: sms.to, taskKey: sms.taskKey, text: sms.text }, 'sms (log provider)');
  }
}

/**
 * POSTs each SMS as JSON `{ to, text, notification_id, organization, task_key }` to the provider's
 * URL, with `Authorization: Bearer <token>` when one is configured. A 2xx answer means sent; a 4xx
 * (but 408 and 429) is a permanent refusal; a 5xx, 408, 429, a timeout or a lost connection is retried.
 */
export class WebhookSmsProvider implements SmsProvider {
  readonly name = 'webhook';

  constructor(private readonly settings: SmsWebhookSettings) {}

  async send(sms: OutgoingSms): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}) },
        body: JSON.stringify({ to: sms.to, text: sms.text, notification_id: sms.notificationId, organization: sms.organization, task_key: sms.taskKey }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`the SMS webhook ${new URL(this.settings.url).origin} could not be reached: ${(error as Error).message}`, false);
    }
    if (response.ok) return;
    const body = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new DeliveryError(`the SMS webhook answered ${response.status}${body ? `: ${body}` : ''}`, permanent);
  }
}
