import { Inject, Injectable } from '@nestjs/common';
import { organizationForAddress } from '@orgo/config';
import type {
  QuarantineListQueryV1,
  QuarantineListResultV1,
  QuarantineReplayCommandV1,
  QuarantineReplayResultV1,
  RpcResult,
} from '@orgo/contracts';
import { TransactionRunner, forUpdate } from '@orgo/persistence';
import { type Clock, CLOCK, KEY_RING, LOGGER, SERVICE_CONTEXT, type ServiceContext, ServiceRuntime } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { EmailIntakeService, type IntakeMessage } from '../parsing/email-intake.service';
import { storeAttachmentContents } from '../attachments/attachment-contents';
import { announceRejected, recordParsed, sealedSummary } from '../parsing/intake-records';
import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { PseudonymousSenderRepository } from '../privacy/pseudonymous-sender.repository';
import { opened } from '../privacy/sealed-value';
import { loggedSenderIndex, senderIndexOf } from '../privacy/sender-index';
import { quarantineConditions } from './quarantine-conditions';
import { LISTED, quarantineItem } from './quarantine-item';
import { quarantineVisibility } from './quarantine-visibility';
import { QuarantinedEmailEntity } from './quarantined-email.entity';

type Failure = { ok: false; error: { code: string; message: string } };
const fail = (code: string, message: string): Failure => ({ ok: false, error: { code, message } });
const notFound = (id: string) => fail('QUARANTINE.NOT_FOUND', `No quarantined email '${id}' (see GET /api/v1/quarantine for the ids)`);

/**
 * The quarantine over RPC (api-gateway → parser): list with filters and totals, and replay — parse
 * the kept raw bytes again with the current code and configuration; when the message passes,
 * `email.parsed` goes out once (the parsed email's primary key and the row's `replayed_at`, set in
 * the same transaction, make a second replay a `QUARANTINE.ALREADY_REPLAYED`).
 *
 * Who sees what (SPEC §6): a member only mail to the mailboxes of positions they hold, an
 * administrator all of their organizations; a sensitive reporter is shown by pseudonym with no
 * subject to everyone, and no filter finds them.
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly intake: EmailIntakeService,
    private readonly runtime: ServiceRuntime,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(query: QuarantineListQueryV1): Promise<RpcResult<QuarantineListResultV1>> {
    const limit = Math.min(Math.max(Math.trunc(Number(query.limit) || 50), 1), 500);
    const offset = Math.max(Math.trunc(Number(query.offset) || 0), 0);
    const visibility = quarantineVisibility(this.context.config, query.viewer, query.scope);
    return this.tx.read(async (m) => {
      const senders = query.sender ? await this.senderIndexes(m, query, visibility) : null;
      const where = quarantineConditions(query, visibility, senders);
      if (!where.length) return { ok: true, value: { items: [], total: 0, limit, offset } };
      const [rows, total] = await m.findAndCount(QuarantinedEmailEntity, { select: LISTED, where, order: { quarantinedAt: 'DESC', emailId: 'ASC' }, take: limit, skip: offset });
      const pseudonyms = await new PseudonymousSenderRepository(m).pseudonyms(rows);
      return { ok: true, value: { items: rows.map((row) => quarantineItem(this.keys, row, pseudonyms)), total, limit, offset } };
    });
  }

  async replay(command: QuarantineReplayCommandV1): Promise<RpcResult<QuarantineReplayResultV1>> {
    const id = String(command.id ?? '');
    const result = await this.tx.run(async (manager): Promise<RpcResult<QuarantineReplayResultV1>> => {
      if (command.viewer?.admin !== true) {
        // A member: mail they may not see is unknown to them; mail they may see is not theirs to replay.
        const where = quarantineConditions({ scope: command.scope, status: 'all' }, quarantineVisibility(this.context.config, command.viewer, command.scope), null);
        const visible = where.length > 0 && (await manager.exists(QuarantinedEmailEntity, { where: where.map((w) => ({ ...w, emailId: id })) }));
        return visible ? fail('QUARANTINE.ADMIN_ONLY', 'Replaying quarantined mail needs the administrator role') : notFound(id);
      }
      // Two replays of one email at once: the second waits for the first and finds it replayed
      // (PostgreSQL row lock; SQLite runs one transaction at a time anyway).
      const row = await manager.findOne(QuarantinedEmailEntity, { where: { emailId: id }, ...forUpdate(manager) });
      if (!row || (command.scope !== null && !command.scope.includes(row.organization ?? ''))) return notFound(id);
      if (row.replayedAt || (await manager.exists(ParsedEmailEntity, { where: { emailId: id } }))) {
        return fail('QUARANTINE.ALREADY_REPLAYED', `Email '${id}' was already replayed${row.replayedAt ? ` at ${row.replayedAt}` : ''} and went on to the rules; it is not sent twice`);
      }
      if (row.rawBase64 === null) {
        return fail('QUARANTINE.NOT_REPLAYABLE', `Email '${id}' was quarantined before raw messages were kept in quarantine; import it again from the mailbox or archive instead`);
      }
      return { ok: true, value: await this.replayRow(manager, row, command.actor) };
    });
    if (result.ok) this.runtime.flushOutbox();
    return result;
  }

  /**
   * The blind indexes an exact sender address has in the organizations the caller may see, less
   * those of pseudonymous senders: a filter never finds a sensitive reporter.
   */
  private async senderIndexes(m: EntityManager, query: QuarantineListQueryV1, visibility: ReturnType<typeof quarantineVisibility>): Promise<string[]> {
    const organizations: (string | null)[] =
      visibility === 'all' ? (query.scope ?? [...this.context.config.organizations.map((o) => o.slug), null]) : visibility.map((v) => v.organization);
    const candidates = organizations
      .filter((o) => !query.organization || o === query.organization)
      .map((organization) => ({ organization, senderIndex: senderIndexOf(this.keys, organization, query.sender) }));
    const pseudonyms = await new PseudonymousSenderRepository(m).pseudonyms(candidates);
    return candidates.filter((c) => c.senderIndex !== null && pseudonyms.of(c) === null).map((c) => c.senderIndex as string);
  }

  private async replayRow(manager: EntityManager, row: QuarantinedEmailEntity, actor: string): Promise<QuarantineReplayResultV1> {
    const now = this.clock().toISOString();
    const organization = row.organization ?? organizationForAddress(this.context.config, row.mailbox)?.slug ?? null;
    const receivedAt = row.receivedAt ?? row.quarantinedAt;
    const source = row.source as IntakeMessage['source'];
    const message = { emailId: row.emailId, mailbox: row.mailbox, messageId: row.messageId, receivedAt, organization, source };
    const raw = Buffer.from(opened(this.keys, row.rawBase64) ?? '', 'base64');
    const decision = await this.intake.decide(manager, raw, message, { replay: true });
    const origin = { organization, cause: { id: row.causationId ?? row.emailId, correlationId: row.correlationId ?? row.emailId }, now };
    const attempts = row.attempts + 1;
    const pseudonyms = new PseudonymousSenderRepository(manager);
    if (decision.outcome === 'parsed') {
      await recordParsed(manager, this.keys, decision.email, origin);
      await storeAttachmentContents(manager, this.keys, decision.email.attachments, decision.bytes, now);
      await manager.update(QuarantinedEmailEntity, { emailId: row.emailId }, { attempts, replayedAt: now, organization });
      this.logger.info({ emailId: row.emailId, actor, previousReason: row.reason }, 'quarantined email replayed: parsed');
      const replayed = { ...row, attempts, replayedAt: now, organization };
      const item = quarantineItem(this.keys, replayed, await pseudonyms.pseudonyms([replayed]));
      return { id: row.emailId, outcome: 'parsed', reason: null, message: `Parsed and passed on to the rules (it was quarantined as ${row.reason}).`, item };
    }
    const summary = sealedSummary(this.keys, organization, {
      sender: decision.sender ?? opened(this.keys, row.sender),
      subject: decision.subject ?? opened(this.keys, row.subject),
      message: decision.message,
    });
    const changed = { attempts, reason: decision.reason, organization, ...summary };
    await manager.update(QuarantinedEmailEntity, { emailId: row.emailId }, changed);
    if (decision.reason !== row.reason) {
      await announceRejected(manager, { emailId: row.emailId, mailbox: row.mailbox, messageId: row.messageId, reason: decision.reason, message: decision.message }, origin);
    }
    this.logger.warn({ emailId: row.emailId, actor, reason: decision.reason, senderIndex: loggedSenderIndex(summary.senderIndex) }, 'quarantined email replayed: still quarantined');
    const updated = { ...row, ...changed };
    return { id: row.emailId, outcome: 'quarantined', reason: decision.reason, message: decision.message, item: quarantineItem(this.keys, updated, await pseudonyms.pseudonyms([updated])) };
  }
}
