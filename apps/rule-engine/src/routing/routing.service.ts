import { Inject, Injectable } from '@nestjs/common';
import { organizationBySlug } from '@orgo/config';
import {
  type EmailIgnoredV1,
  type EmailParsedV1,
  type Envelope,
  type ReporterPseudonymizedV1,
  ROUTING_KEYS,
  type RoutingActionV1,
  type TaskCreateCommandV1,
  type TaskReplyCommandV1,
  createEnvelope,
} from '@orgo/contracts';
import { OrgoError, taskKeyPrefix } from '@orgo/domain';
import { addToOutbox } from '@orgo/messaging';
import { insertNew } from '@orgo/persistence';
import { decideAcknowledgement, detectReply, emailFacts, evaluateEmail } from '@orgo/rules';
import { type Clock, CLOCK, LOGGER, RuleSetRegistry, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

import { PseudonymizerService } from '../privacy/pseudonymizer.service';
import { RoutingDecisionEntity } from './routing-decision.entity';

/** The name under which Orgo's own mail is ignored (audited with `email.ignored`). */
const OWN_MAIL_RULE = 'orgo:own-mail';

/**
 * Applies the organization's rules to a parsed email and decides: a new task (command to the
 * task-service), a reply to an existing task (the task-service finds it, else the routing decision
 * creates a new task), or ignore (`email.ignored`, audited).
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly ruleSets: RuleSetRegistry,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly pseudonyms: PseudonymizerService,
  ) {}

  async handleParsed(envelope: Envelope, manager: EntityManager): Promise<'processed' | 'skipped'> {
    const email = envelope.payload as EmailParsedV1;
    const slug = envelope.organizationId ?? '';
    const organization = organizationBySlug(this.context.config, slug);
    if (!organization) {
      throw new OrgoError('RULES.UNKNOWN_ORGANIZATION', `Email ${email.emailId} names unknown organization '${slug}'`, { retryable: false });
    }
    const ruleSet = this.ruleSets.forOrganization(slug);
    const evaluated = evaluateEmail(ruleSet, emailFacts(email, organization));
    // SPEC §6 loop protection: Orgo's own mail (a notification that came back to a role address)
    // never becomes work, whatever the rules say.
    const decision = email.fromOrgo ? { ...evaluated, outcome: 'ignore' as const, matched: [...evaluated.matched, OWN_MAIL_RULE] } : evaluated;
    const row = manager.create(RoutingDecisionEntity, {
      emailId: email.emailId,
      organization: slug,
      outcome: decision.outcome,
      ruleSetHash: ruleSet.hash,
      decision: JSON.stringify({ matched: decision.matched, action: decision.action, trace: decision.trace }),
      decidedAt: this.clock().toISOString(),
    });
    // One decision per email: an email decided before (another envelope of it) is not routed again.
    if ((await insertNew(manager, RoutingDecisionEntity, [row], 'emailId')).size === 0) return 'skipped';
    const origin = { producer: 'rule-engine', organizationId: slug, cause: envelope };
    if (decision.outcome === 'ignore') {
      // An out-of-office from a sensitive reporter may name them in its subject.
      const pseudonymous = await this.pseudonyms.existing(manager, slug, email);
      const payload: EmailIgnoredV1 = {
        emailId: email.emailId,
        mailbox: email.mailbox,
        messageId: email.messageId,
        rule: decision.matched[decision.matched.length - 1] ?? '',
        subject: pseudonymous ? this.pseudonyms.scrubSubject(email.subject, email, pseudonymous) : email.subject,
      };
      await addToOutbox(manager, createEnvelope(ROUTING_KEYS.emailIgnored, payload, origin));
      this.logger.info({ emailId: email.emailId, rule: payload.rule }, 'email ignored by rule');
      return 'processed';
    }
    // The rule model and the wire contract are kept apart; assignment (not a cast) keeps them in step.
    const action: RoutingActionV1 = decision.action;
    const defaults: TaskCreateCommandV1['defaults'] = decision.defaults;
    // SPEC §5 `acknowledge`: a receipt for the sender (sent by the notifier), never to mail that must
    // not be answered automatically (SPEC §6 loop protection); the reason is carried when refused.
    const acknowledgement = decideAcknowledgement(action.acknowledge, email, organization);
    const plain: TaskCreateCommandV1 = {
      emailId: email.emailId,
      mailbox: email.mailbox,
      messageId: email.messageId,
      title: email.subject || '(no subject)',
      description: email.text,
      reporter: email.from.address,
      matchedRules: decision.matched,
      action,
      defaults,
      attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256, type: a.type })),
      receivedAt: email.receivedAt,
      ...(acknowledgement ? { acknowledgement } : {}),
    };
    // SPEC §6 Privacy: a sensitive email's reporter is a pseudonym from here on; the identity stays
    // sealed in this service. The parser is told (by blind index) so it rewrites its copy.
    const sensitive = action.sensitive === true;
    const known = sensitive ? await this.pseudonyms.assign(manager, slug, email) : await this.pseudonyms.existing(manager, slug, email);
    if (sensitive && known) {
      const told: ReporterPseudonymizedV1 = { emailId: email.emailId, senderIndex: known.senderIndex, pseudonym: known.pseudonym };
      await addToOutbox(manager, createEnvelope(ROUTING_KEYS.reporterPseudonymized, told, origin));
    }
    const command = sensitive && known ? this.pseudonyms.protectCommand(plain, email, known) : plain;
    const reply = detectReply(email, taskKeyPrefix(organization.slug, organization.name));
    if (reply) {
      const plainReply: TaskReplyCommandV1 = {
        emailId: email.emailId,
        mailbox: email.mailbox,
        messageId: email.messageId,
        from: email.from.address.toLowerCase(),
        subject: email.subject,
        references: reply.references,
        subjectKey: reply.subjectKey,
        text: reply.text,
        automatic: email.autoSubmitted || email.bulk || Boolean(email.bounce) || Boolean(email.fromOrgo),
        receivedAt: email.receivedAt,
        fallback: plain,
      };
      // A sensitive reply goes on under the pseudonym; a reply from someone who has one carries both
      // readings, and the task-service uses the pseudonym only on that pseudonym's own report.
      const replyCommand = !known ? plainReply : sensitive ? this.pseudonyms.protectReply(plainReply, email, known) : { ...plainReply, asReporter: this.pseudonyms.asReporter(plainReply, email, known) };
      await addToOutbox(manager, createEnvelope(ROUTING_KEYS.taskReply, replyCommand, origin));
      this.logger.info({ emailId: email.emailId, subjectKey: reply.subjectKey, references: reply.references.length, pseudonymous: Boolean(known) }, 'email routed as a possible reply');
      return 'processed';
    }
    await addToOutbox(manager, createEnvelope(ROUTING_KEYS.taskCreate, command, origin));
    this.logger.info({ emailId: email.emailId, matched: decision.matched, sensitive }, 'email routed');
    return 'processed';
  }
}
