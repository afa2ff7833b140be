import { Inject, Injectable } from '@nestjs/common';
import { organizationForAddress } from '@orgo/config';
import type {
  QuarantineListQueryV1,
  QuarantineListResultV1,
  QuarantineReplayCommandV1,
  QuarantineReplayResultV1,
  QuarantinedEmailV1,
  RpcResult,
} from '@orgo/contracts';
import { TransactionRunner, forUpdate } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext, ServiceRuntime } from '@orgo/runtime';
import type { Logger } from 'pino';
import { type EntityManager, type FindOptionsWhere, In, IsNull, Not } from 'typeorm';

import { EmailIntakeService, type IntakeMessage } from '../parsing/email-intake.service';
import { announceRejected, recordParsed } from '../parsing/intake-records';
import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { QuarantinedEmailEntity } from './quarantined-email.entity';

/** Every column but the raw bytes: what a list shows. */
const LISTED: (keyof QuarantinedEmailEntity)[] = [
  'emailId', 'organization', 'mailbox', 'messageId', 'sender', 'subject', 'reason', 'message', 'size', 'receivedAt', 'quarantinedAt', 'attempts', 'replayedAt',
];

function toItem(row: QuarantinedEmailEntity): QuarantinedEmailV1 {
  return {
    id: row.emailId,
    organization: row.organization,
    mailbox: row.mailbox,
    message_id: row.messageId,
    sender: row.sender,
    subject: row.subject,
    reason: row.reason,
    message: row.message,
    size: row.size,
    received_at: row.receivedAt ?? row.quarantinedAt,
    quarantined_at: row.quarantinedAt,
    attempts: row.attempts,
    replayed_at: row.replayedAt,
  };
}

type Failure = { ok: false; error: { code: string; message: string } };
const fail = (code: string, message: string): Failure => ({ ok: false, error: { code, message } });

/**
 * The quarantine over RPC (api-gateway → parser): list with filters and totals, and replay — parse
 * the kept raw bytes again with the current code and configuration; when the message passes,
 * `email.parsed` goes out once (the parsed email's primary key and the row's `replayed_at`, set in
 * the same transaction, make a second replay a `QUARANTINE.ALREADY_REPLAYED`).
 */
@Injectable()
export class QuarantineService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly intake: EmailIntakeService,
    private readonly runtime: ServiceRuntime,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(query: QuarantineListQueryV1): Promise<RpcResult<QuarantineListResultV1>> {
    const limit = Math.min(Math.max(Math.trunc(Number(query.limit) || 50), 1), 500);
    const offset = Math.max(Math.trunc(Number(query.offset) || 0), 0);
    const where: FindOptionsWhere<QuarantinedEmailEntity> = {};
    if (query.reason) where.reason = query.reason;
    const status = query.status ?? 'quarantined';
    if (status === 'quarantined') where.replayedAt = IsNull();
    if (status === 'replayed') where.replayedAt = Not(IsNull());
    if (query.scope !== null) {
      const visible = query.organization ? query.scope.filter((o) => o === query.organization) : query.scope;
      where.organization = In(visible.length ? visible : ['']);
    } else if (query.organization) {
      where.organization = query.organization;
    }
    const [rows, total] = await this.tx.read((m) =>
      m.findAndCount(QuarantinedEmailEntity, { select: LISTED, where, order: { quarantinedAt: 'DESC', emailId: 'ASC' }, take: limit, skip: offset }),
    );
    return { ok: true, value: { items: rows.map(toItem), total, limit, offset } };
  }

  async replay(command: QuarantineReplayCommandV1): Promise<RpcResult<QuarantineReplayResultV1>> {
    const id = String(command.id ?? '');
    const result = await this.tx.run(async (manager): Promise<RpcResult<QuarantineReplayResultV1>> => {
      // Two replays of one email at once: the second waits for the first and finds it replayed
      // (PostgreSQL row lock; SQLite runs one transaction at a time anyway).
      const row = await manager.findOne(QuarantinedEmailEntity, { where: { emailId: id }, ...forUpdate(manager) });
      if (!row || (command.scope !== null && !command.scope.includes(row.organization ?? ''))) {
        return fail('QUARANTINE.NOT_FOUND', `No quarantined email '${id}' (see GET /api/v1/quarantine for the ids)`);
      }
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

  private async replayRow(manager: EntityManager, row: QuarantinedEmailEntity, actor: string): Promise<QuarantineReplayResultV1> {
    const now = this.clock().toISOString();
    const organization = row.organization ?? organizationForAddress(this.context.config, row.mailbox)?.slug ?? null;
    const receivedAt = row.receivedAt ?? row.quarantinedAt;
    const source = row.source as IntakeMessage['source'];
    const message = { emailId: row.emailId, mailbox: row.mailbox, messageId: row.messageId, receivedAt, organization, source };
    const decision = await this.intake.decide(manager, Buffer.from(row.rawBase64 ?? '', 'base64'), message, { replay: true });
    const origin = { organization, cause: { id: row.causationId ?? row.emailId, correlationId: row.correlationId ?? row.emailId }, now };
    const attempts = row.attempts + 1;
    if (decision.outcome === 'parsed') {
      await recordParsed(manager, decision.email, origin);
      await manager.update(QuarantinedEmailEntity, { emailId: row.emailId }, { attempts, replayedAt: now, organization });
      this.logger.info({ emailId: row.emailId, actor, previousReason: row.reason }, 'quarantined email replayed: parsed');
      const item = toItem({ ...row, attempts, replayedAt: now, organization });
      return { id: row.emailId, outcome: 'parsed', reason: null, message: `Parsed and passed on to the rules (it was quarantined as ${row.reason}).`, item };
    }
    const changed = { attempts, reason: decision.reason, message: decision.message, organization, sender: decision.sender ?? row.sender, subject: decision.subject ?? row.subject };
    await manager.update(QuarantinedEmailEntity, { emailId: row.emailId }, changed);
    if (decision.reason !== row.reason) {
      await announceRejected(manager, { emailId: row.emailId, mailbox: row.mailbox, messageId: row.messageId, reason: decision.reason, message: decision.message }, origin);
    }
    this.logger.warn({ emailId: row.emailId, actor, reason: decision.reason }, 'quarantined email replayed: still quarantined');
    return { id: row.emailId, outcome: 'quarantined', reason: decision.reason, message: decision.message, item: toItem({ ...row, ...changed }) };
  }
}
