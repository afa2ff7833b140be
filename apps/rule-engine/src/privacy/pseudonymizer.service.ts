import { Inject, Injectable } from '@nestjs/common';
import type { EmailParsedV1, TaskCreateCommandV1, TaskReplyCommandV1 } from '@orgo/contracts';
import { pseudonymFor, scrubIdentity, scrubSubject } from '@orgo/privacy';
import { CLOCK, type Clock, KEY_RING } from '@orgo/runtime';
import { type KeyRing, blindIndex, seal } from '@orgo/security';
import type { EntityManager } from 'typeorm';

import { PseudonymEntity } from './pseudonym.entity';
import { SensitiveReportEntity } from './sensitive-report.entity';

/** Who a sensitive email came from, as the rest of Orgo will know them. */
export interface ReporterPseudonym {
  pseudonym: string;
  senderIndex: string;
  /** True when this email gave the sender their pseudonym. */
  isNew: boolean;
}

/**
 * SPEC §6 Privacy, at the first place that knows the rules' decision: a sensitive email's sender
 * becomes a stable pseudonym per organization (`Anon-7`), and what leaves the rule-engine (the task
 * command, a reply) carries the pseudonym and a body scrubbed of addresses, phone numbers, the
 * sender's name and signature. The identity and the original text are kept sealed here only.
 */
@Injectable()
export class PseudonymizerService {
  constructor(
    @Inject(KEY_RING) private readonly keys: KeyRing,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  senderIndex(organization: string, email: EmailParsedV1): string {
    return blindIndex(this.keys, organization, email.from.address);
  }

  /** The sender's pseudonym when they have one in the organization. */
  async existing(manager: EntityManager, organization: string, email: EmailParsedV1): Promise<ReporterPseudonym | null> {
    const senderIndex = this.senderIndex(organization, email);
    const row = await manager.findOne(PseudonymEntity, { where: { organization, senderIndex } });
    return row ? { pseudonym: row.pseudonym, senderIndex, isNew: false } : null;
  }

  /** The sender's pseudonym, given now when they have none; the email's original is kept sealed. */
  async assign(manager: EntityManager, organization: string, email: EmailParsedV1): Promise<ReporterPseudonym> {
    const result = await this.assignReporter(manager, organization, { address: email.from.address, name: email.from.name || null });
    if (!(await manager.exists(SensitiveReportEntity, { where: { emailId: email.emailId } }))) {
      await manager.insert(SensitiveReportEntity, {
        emailId: email.emailId,
        organization,
        pseudonym: result.pseudonym,
        messageId: email.messageId,
        original: seal(this.keys, JSON.stringify({ subject: email.subject, text: email.text })),
        createdAt: this.clock().toISOString(),
      });
    }
    return result;
  }

  /** A reporter's pseudonym in the organization, given now (the identity sealed) when they have none. */
  async assignReporter(manager: EntityManager, organization: string, who: { address: string; name: string | null }): Promise<ReporterPseudonym> {
    const senderIndex = blindIndex(this.keys, organization, who.address);
    const found = await manager.findOne(PseudonymEntity, { where: { organization, senderIndex } });
    if (found) return { pseudonym: found.pseudonym, senderIndex, isNew: false };
    const last = await manager.findOne(PseudonymEntity, { where: { organization }, order: { sequence: 'DESC' }, select: ['sequence'] });
    const sequence = (last?.sequence ?? 0) + 1;
    // Two replicas giving one number at once collide on the unique pseudonym: the message is retried.
    await manager.insert(PseudonymEntity, {
      organization,
      senderIndex,
      pseudonym: pseudonymFor(sequence),
      sequence,
      identity: seal(this.keys, JSON.stringify({ address: who.address.toLowerCase(), name: who.name })),
      createdAt: this.clock().toISOString(),
    });
    return { pseudonym: pseudonymFor(sequence), senderIndex, isNew: true };
  }

  /** The task command with the reporter's identity replaced and the text scrubbed. */
  protectCommand(command: TaskCreateCommandV1, email: EmailParsedV1, reporter: ReporterPseudonym): TaskCreateCommandV1 {
    const who = this.who(email, reporter);
    return {
      ...command,
      reporter: reporter.pseudonym,
      title: scrubSubject(command.title, who) || '(no subject)',
      description: scrubIdentity(command.description, who).text,
      // Only what the contract carries: the sender's original file name (a path, a user name) stays behind.
      attachments: command.attachments.map((a) => ({ filename: scrubSubject(a.filename, who), contentType: a.contentType, size: a.size, sha256: a.sha256, type: a.type })),
      action: { ...command.action, sensitive: true },
      // A receipt would put the reporter's address in the outbox and the mail server's logs.
      acknowledgement: command.acknowledgement?.send ? { send: false, reason: 'sensitive: the reporter is known by a pseudonym' } : (command.acknowledgement ?? null),
    };
  }

  /** A sensitive reply: under the pseudonym whatever task it answers, and so is the task it may become. */
  protectReply(reply: TaskReplyCommandV1, email: EmailParsedV1, reporter: ReporterPseudonym): TaskReplyCommandV1 {
    const asReporter = this.asReporter(reply, email, reporter);
    return { ...reply, ...asReporter, asReporter, fallback: this.protectCommand(reply.fallback, email, reporter) };
  }

  /** How a reply from someone known by a pseudonym reads under it (the task-service picks, by task). */
  asReporter(reply: TaskReplyCommandV1, email: EmailParsedV1, reporter: ReporterPseudonym): NonNullable<TaskReplyCommandV1['asReporter']> {
    const who = this.who(email, reporter);
    return { from: reporter.pseudonym, subject: scrubSubject(reply.subject, who), text: scrubIdentity(reply.text, who).text };
  }

  /** A subject with the sender's identity scrubbed, for what the rule-engine says of mail it ignores. */
  scrubSubject(subject: string, email: EmailParsedV1, reporter: ReporterPseudonym): string {
    return scrubSubject(subject, this.who(email, reporter));
  }

  private who(email: EmailParsedV1, reporter: ReporterPseudonym) {
    return { address: email.from.address, name: email.from.name || null, pseudonym: reporter.pseudonym };
  }
}
