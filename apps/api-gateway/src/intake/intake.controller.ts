import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';

import { Public } from '../auth/public.decorator';
import { ChallengeService } from './challenge.service';
import { IntakeFollowUpDto, IntakeReportDto } from './dto/intake-report.dto';
import { IntakeFormsService } from './intake-forms.service';
import { IntakeLimit, IntakeRateLimitGuard } from './intake-rate-limit.guard';
import { type ReportReceiptView, IntakeSubmissionService } from './intake-submission.service';
import { IntakeUploadInterceptor, uploadsOf } from './intake-upload.interceptor';
import { ReportStatusService } from './report-status.service';

const POW = 'Proof of work: find `nonce` such that sha256("<challenge.token>:<nonce>") starts with `challenge.difficulty` zero bits; each token is accepted once.';

/**
 * The public web intake (SPEC §6 Mail hygiene): a form per role for reports that cannot be
 * emailed, optionally anonymous; a follow-up code to see the status and add information. No
 * token: spam is held off by proof of work, a honeypot field, per-address limits and size limits.
 */
@ApiTags('intake')
@Public()
@UseGuards(IntakeRateLimitGuard)
@Controller('api/v1/intake')
export class IntakeController {
  constructor(
    private readonly forms: IntakeFormsService,
    private readonly challenges: ChallengeService,
    private readonly submissions: IntakeSubmissionService,
    private readonly status: ReportStatusService,
  ) {}

  @Get('status/:code')
  @IntakeLimit('lookups')
  @ApiOperation({ summary: 'What became of a web report', description: `Only what the reporter may see: status, task key, status changes and their own follow-ups. Carries a challenge for adding information. ${POW}` })
  @ApiParam({ name: 'code', example: '7K3M-Q9TZ-0XWB-H2R5' })
  @ApiOkResponse({ description: '{ status, task_key?, updated_at, updates: [{ at, kind, text? }], challenge }' })
  @ApiNotFoundResponse({ description: 'No report has this code' })
  @ApiTooManyRequestsResponse({ description: 'Too many look-ups from this address' })
  statusOf(@Param('code') code: string): Promise<unknown> {
    return this.status.view(code);
  }

  @Post('status/:code/messages')
  @HttpCode(HttpStatus.ACCEPTED)
  @IntakeLimit('submissions')
  @UseInterceptors(IntakeUploadInterceptor)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({ summary: 'Add information to a web report', description: `Recorded on the task as a reply from the reporter (anonymous stays anonymous). ${POW}` })
  @ApiParam({ name: 'code', example: '7K3M-Q9TZ-0XWB-H2R5' })
  @ApiAcceptedResponse({ description: '{ message }' })
  @ApiNotFoundResponse({ description: 'No report has this code' })
  addMessage(@Param('code') code: string, @Body() body: IntakeFollowUpDto, @Req() req: Request): Promise<{ message: string }> {
    return this.submissions.followUp(code, body, uploadsOf(req));
  }

  @Get(':organization/:role')
  @IntakeLimit('lookups')
  @ApiOperation({ summary: 'The web form of a role', description: `Where reports go, whether they may be anonymous, the attachment limits, and a challenge. ${POW}` })
  @ApiParam({ name: 'organization', example: 'northside' })
  @ApiParam({ name: 'role', example: 'Ops.Maintenance' })
  @ApiOkResponse({ description: '{ organization: { slug, name }, role, address, anonymous_allowed, max_attachment_bytes, max_total_bytes, max_files, allowed_types, challenge: { token, difficulty, expires_at } }' })
  @ApiNotFoundResponse({ description: 'No such organization or role, or the role takes no web reports' })
  form(@Param('organization') organization: string, @Param('role') role: string): unknown {
    const form = this.forms.get(organization, role);
    return {
      organization: form.organization,
      role: form.role,
      address: form.address,
      anonymous_allowed: form.anonymousAllowed,
      max_attachment_bytes: form.maxAttachmentBytes,
      max_total_bytes: form.maxTotalBytes,
      max_files: form.maxFiles,
      allowed_types: form.allowedTypes,
      challenge: this.challenges.issue(IntakeFormsService.scope(form)),
    };
  }

  @Post(':organization/:role')
  @HttpCode(HttpStatus.ACCEPTED)
  @IntakeLimit('submissions')
  @UseInterceptors(IntakeUploadInterceptor)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({ summary: 'Send a report through the web form', description: `Becomes an email to the role address and takes the path of every email. The follow-up code is shown once. ${POW}` })
  @ApiParam({ name: 'organization', example: 'northside' })
  @ApiParam({ name: 'role', example: 'Ops.Maintenance' })
  @ApiAcceptedResponse({ description: '{ receipt: { code, submitted_at, organization, role }, message }' })
  @ApiBadRequestResponse({ description: 'Missing fields, anonymous where not allowed, no contact, a file type not taken, proof of work missing, wrong or used' })
  @ApiPayloadTooLargeResponse({ description: 'An attachment, or all of them, over the limit' })
  @ApiNotFoundResponse({ description: 'No such organization or role, or the role takes no web reports' })
  @ApiTooManyRequestsResponse({ description: 'Too many reports from this address' })
  report(@Param('organization') organization: string, @Param('role') role: string, @Body() body: IntakeReportDto, @Req() req: Request): Promise<ReportReceiptView> {
    return this.submissions.report(organization, role, body, uploadsOf(req));
  }
}
