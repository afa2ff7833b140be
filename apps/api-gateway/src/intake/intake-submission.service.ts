import { Inject, Injectable } from '@nestjs/common';
import { EMAIL_IMPORT_RPC, type EmailAcceptResultV1, WEB_FORM_SOURCE } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { CLOCK, type Clock, LOGGER } from '@orgo/runtime';
import { newFollowUpCode } from '@orgo/security';
import type { Logger } from 'pino';

import { RpcClient } from '../common/rpc-client';
import { ChallengeService } from './challenge.service';
import type { IntakeFollowUpDto, IntakeReportDto } from './dto/intake-report.dto';
import { INTAKE_ERRORS } from './intake-errors';
import { type IntakeForm, type IntakeUpload, uploadProblem, withoutNames } from './intake-form';
import { IntakeFormsService } from './intake-forms.service';
import { intakeMetrics } from './intake-metrics';
import { type IntakeReceipt, IntakeReceiptsService } from './receipts/intake-receipts.service';
import { ReportStatusService } from './report-status.service';
import { type ReportSender, anonymousSender, buildReportMessage } from './report-message';

export interface ReportReceiptView {
  receipt: { code: string; submitted_at: string; organization: string; role: string };
  message: string;
}

/** A raw message can take a while to store when the gateway is busy: longer than a plain RPC. */
const ACCEPT_TIMEOUT_MS = 30_000;

const ADDED = 'Thank you: your information was added to the report.';
const RECEIVED = 'Thank you: your report was received. Keep the follow-up code: it is shown only once, and with it you can see what became of the report and add information.';

/**
 * A web report becomes an email to the role address and takes the path of every email (SPEC §6:
 * "the same kind of task through the same rules"): built as an RFC 5322 message, offered to the
 * email-gateway (`rpc.email.accept`, source `web_form`), then parsed, routed, pseudonymized and
 * notified like mail. Logs carry ids and the organization, never the contact, the text or the
 * client's address.
 */
@Injectable()
export class IntakeSubmissionService {
  constructor(
    private readonly forms: IntakeFormsService,
    private readonly challenges: ChallengeService,
    private readonly receipts: IntakeReceiptsService,
    private readonly status: ReportStatusService,
    private readonly rpc: RpcClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async report(organization: string, role: string, dto: IntakeReportDto, files: IntakeUpload[]): Promise<ReportReceiptView> {
    const form = this.forms.get(organization, role);
    if (dto.website) {
      this.honeypot(form, 'report');
      return { receipt: { code: newFollowUpCode(), submitted_at: this.clock().toISOString(), organization: form.organization.slug, role: form.role }, message: RECEIVED };
    }
    const anonymous = dto.anonymous === true;
    if (anonymous && !form.anonymousAllowed) {
      throw new OrgoError(INTAKE_ERRORS.anonymousNotAllowed, `The form of ${form.role} at ${form.organization.name} does not take anonymous reports: give a contact address, or write to ${form.address}`);
    }
    const contact = dto.contact?.trim().toLowerCase();
    if (!anonymous && !contact) {
      const or = form.anonymousAllowed ? ', or send the report anonymously' : '';
      throw new OrgoError(INTAKE_ERRORS.contactRequired, `A report that is not anonymous needs a contact address (where the ${form.role} team can answer)${or}`);
    }
    this.checkUploads(form, files);
    await this.challenges.consume(IntakeFormsService.scope(form), dto.challenge, dto.nonce);

    const now = this.clock();
    // An anonymous report names nobody: the contact, if one was typed anyway, is dropped unread, and file names go.
    const sender: ReportSender = anonymous ? anonymousSender() : { address: contact as string, name: null };
    const attached = anonymous ? withoutNames(files) : files;
    const { raw, messageId } = await buildReportMessage({ from: sender, to: form.address, subject: dto.subject.trim(), text: dto.description, files: attached, date: now, kind: 'report' });
    const accepted = await this.accept(raw, form.address, form.organization.slug);
    const code = newFollowUpCode();
    const receipt: IntakeReceipt = { organization: form.organization.slug, role: form.role, mailbox: form.address, emailId: accepted.emailId, messageId, anonymous, sender, submittedAt: now.toISOString() };
    await this.receipts.record(code.replace(/-/g, ''), receipt, {
      emailId: accepted.emailId,
      mailbox: form.address,
      messageId,
      organization: form.organization.slug,
      role: form.role,
      kind: 'report',
      anonymous,
      attachments: files.length,
      submittedAt: receipt.submittedAt,
    });
    intakeMetrics.submissions.inc({ kind: 'report', outcome: 'accepted' });
    this.logger.info({ organization: form.organization.slug, role: form.role, emailId: accepted.emailId, anonymous, attachments: files.length }, 'web intake: report accepted');
    return { receipt: { code, submitted_at: receipt.submittedAt, organization: form.organization.slug, role: form.role }, message: RECEIVED };
  }

  /** Information the reporter adds with their code: a reply to the report, from the report's sender. */
  async followUp(code: string, dto: IntakeFollowUpDto, files: IntakeUpload[]): Promise<{ message: string }> {
    const receipt = await this.status.receipt(code);
    const form = this.forms.get(receipt.organization, receipt.role);
    if (dto.website) {
      this.honeypot(form, 'follow_up');
      return { message: ADDED };
    }
    this.checkUploads(form, files);
    await this.challenges.consume(ReportStatusService.scope(receipt), dto.challenge, dto.nonce);
    const task = await this.status.taskOf(receipt);
    if (!task) {
      throw new OrgoError(INTAKE_ERRORS.notATask, 'Your report has not become a task (yet): information can be added once it has. Look at its status again in a little while.');
    }
    const now = this.clock();
    const { raw, messageId } = await buildReportMessage({
      from: receipt.sender,
      to: receipt.mailbox,
      subject: `Re: [${task.key}] Additional information`,
      text: dto.text,
      files: receipt.anonymous ? withoutNames(files) : files,
      date: now,
      kind: 'follow_up',
      inReplyTo: receipt.messageId,
    });
    const accepted = await this.accept(raw, receipt.mailbox, receipt.organization);
    await this.receipts.audit({
      emailId: accepted.emailId,
      mailbox: receipt.mailbox,
      messageId,
      organization: receipt.organization,
      role: receipt.role,
      kind: 'follow_up',
      anonymous: receipt.anonymous,
      attachments: files.length,
      submittedAt: now.toISOString(),
    });
    intakeMetrics.submissions.inc({ kind: 'follow_up', outcome: 'accepted' });
    this.logger.info({ organization: receipt.organization, role: receipt.role, emailId: accepted.emailId, reportEmailId: receipt.emailId }, 'web intake: follow-up accepted');
    return { message: ADDED };
  }

  private checkUploads(form: IntakeForm, files: IntakeUpload[]): void {
    const problem = uploadProblem(form, files);
    if (!problem) return;
    const code = { too_many: INTAKE_ERRORS.tooManyFiles, type: INTAKE_ERRORS.typeNotAllowed, too_large: INTAKE_ERRORS.tooLarge }[problem.kind];
    throw new OrgoError(code, problem.message, { max_attachment_bytes: form.maxAttachmentBytes, max_total_bytes: form.maxTotalBytes, max_files: form.maxFiles, allowed_types: form.allowedTypes });
  }

  private accept(raw: Buffer, mailbox: string, organization: string): Promise<EmailAcceptResultV1> {
    return this.rpc.call<EmailAcceptResultV1>(EMAIL_IMPORT_RPC.accept, { rawBase64: raw.toString('base64'), mailbox, source: WEB_FORM_SOURCE, organization }, ACCEPT_TIMEOUT_MS);
  }

  /** A filled honeypot: answered like a success (a bot learns nothing), nothing is created; counted and logged without content. */
  private honeypot(form: IntakeForm, kind: 'report' | 'follow_up'): void {
    intakeMetrics.submissions.inc({ kind, outcome: 'honeypot' });
    this.logger.warn({ organization: form.organization.slug, role: form.role, kind }, 'web intake: the hidden field was filled (a bot); answered like success, nothing created');
  }
}
