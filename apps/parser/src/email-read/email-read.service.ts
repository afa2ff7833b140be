import { Inject, Injectable } from '@nestjs/common';
import type { EmailGetQueryV1, EmailParsedV1, EmailViewV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { TransactionRunner } from '@orgo/persistence';
import { KEY_RING, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';

import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { PseudonymousSenderRepository } from '../privacy/pseudonymous-sender.repository';
import { opened } from '../privacy/sealed-value';
import { quarantineItem } from '../quarantine/quarantine-item';
import { quarantineVisibility } from '../quarantine/quarantine-visibility';
import { QuarantinedEmailEntity } from '../quarantine/quarantined-email.entity';
import { parsedView, quarantinedView, sensitiveView } from './email-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One email as `GET /api/v1/emails/{id}` shows it (`rpc.email.get`): the parsed email, else the
 * quarantined one. Unknown and not visible are the same `EMAIL.NOT_FOUND` (existence is not
 * leaked). A sender the rules made a sensitive reporter — known here by blind index, or named by the
 * API from the task — is shown by pseudonym and scrubbed, to everyone.
 */
@Injectable()
export class EmailReadService {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(KEY_RING) private readonly keys: KeyRing,
  ) {}

  get(query: EmailGetQueryV1): Promise<EmailViewV1> {
    const id = String(query?.id ?? '');
    if (!UUID.test(id)) throw notFound(id);
    return this.tx.read(async (m) => {
      const pseudonyms = new PseudonymousSenderRepository(m);
      const parsed = await m.findOne(ParsedEmailEntity, { where: { emailId: id } });
      if (parsed) {
        if (!this.mayRead(query, parsed)) throw notFound(id);
        const email = JSON.parse(opened(this.keys, parsed.parsed) ?? '{}') as EmailParsedV1;
        const pseudonym = query.pseudonym || (await pseudonyms.pseudonyms([parsed])).of(parsed);
        if (!pseudonym) return parsedView(email, parsed);
        const organization = this.context.config.organizations.find((o) => o.slug === parsed.organization) ?? null;
        return sensitiveView(email, parsed, pseudonym, organization);
      }
      const held = await m.findOne(QuarantinedEmailEntity, { where: { emailId: id } });
      if (!held || !this.mayRead(query, held)) throw notFound(id);
      return quarantinedView(quarantineItem(this.keys, held, await pseudonyms.pseudonyms([held])), held.source);
    });
  }

  /** The caller's scope, and for a member without a visible task the quarantine's mailbox rule. */
  private mayRead(query: EmailGetQueryV1, row: { organization: string | null; mailbox: string }): boolean {
    if (query.scope !== null && !query.scope.includes(row.organization ?? '')) return false;
    if (query.viewer?.admin === true || query.viaTask === true) return true;
    const visibility = quarantineVisibility(this.context.config, query.viewer, query.scope);
    if (visibility === 'all') return true;
    const mailbox = row.mailbox.toLowerCase();
    return visibility.some(
      (v) => v.organization === row.organization && (v.mailboxes.includes(mailbox) || (v.unclaimedExcept !== null && !v.unclaimedExcept.includes(mailbox))),
    );
  }
}

function notFound(id: string): OrgoError {
  return new OrgoError('EMAIL.NOT_FOUND', `No email '${id}' that you may read`);
}
