import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SERVICE_CONTEXT, type ServiceContext, type ServiceHealthDetail, serviceHealth } from '@orgo/runtime';

import { ImapIntake } from './imap/imap-intake.service';
import { SmtpIntake } from './smtp/smtp-intake.service';

/**
 * The intake's part of /health/ready: each IMAP mailbox (connected, reconnecting, auth_failed with
 * the server's words and what to do) and the SMTP listener. A mailbox that is not connected makes
 * the service `degraded`, not unready: the other mailboxes and intakes keep working.
 */
@Injectable()
export class EmailIntakeHealth implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly imap: ImapIntake,
    private readonly smtp: SmtpIntake,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  onModuleInit(): void {
    serviceHealth.register(this.context.service, () => this.report());
  }

  onModuleDestroy(): void {
    serviceHealth.unregister(this.context.service);
  }

  report(): ServiceHealthDetail {
    const mailboxes = this.imap.status();
    const smtp = this.smtp.status();
    const problems = mailboxes.filter((m) => m.state !== 'connected').map((m) => `${m.mailbox}: ${m.state}${m.error ? ` (${m.error.message})` : ''}`);
    if (smtp.enabled && !smtp.listening) problems.push('smtp: not listening');
    return {
      degraded: problems.length > 0,
      details: {
        imap: { enabled: this.imap.enabled, mailboxes },
        smtp,
        ...(problems.length > 0 ? { problems } : {}),
      },
    };
  }
}
