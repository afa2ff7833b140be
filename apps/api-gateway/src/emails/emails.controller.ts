import { BadRequestException, Controller, ForbiddenException, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EMAIL_READ_RPC, type EmailRawQueryV1, type EmailRawV1, type EmailViewV1 } from '@orgo/contracts';
import type { Response } from 'express';

import { type AuthUser, PRIVACY_OFFICER, RAW_MAIL } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { EmailAccessService } from './email-access.service';
import { RawEmailQuery } from './dto/raw-email.query';

/** The shortest reason a sensitive report's raw message is handed out for (the same as a reveal's). */
const MIN_REASON = 10;

/**
 * One email (SPEC §7 `GET /emails/{id}`): the parsed email as role holders read it, and — with a
 * permission — the raw message. Visibility as for the task it became (scope and task visibility);
 * a sensitive report is shown by pseudonym and scrubbed to everyone.
 */
@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/v1/emails')
export class EmailsController {
  constructor(private readonly emails: EmailAccessService) {}

  @Get(':id')
  @ApiOperation({ summary: 'The parsed email (a sensitive report: by pseudonym, scrubbed, without HTML)' })
  @ApiOkResponse({ description: 'id, organization, mailbox, message_id, received_at, source, from, to, cc, subject, date, text, html_sanitized, attachments, headers, parse, sensitive, task_ids' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such email, or not one the caller may read (the same answer)' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<EmailViewV1> {
    return this.emails.read(id, user);
  }

  @Get(':id/raw')
  @ApiOperation({
    summary: 'The raw RFC 822 message as received (permission raw_mail; a sensitive report: privacy_officer and a reason)',
    description: 'Every download is recorded in the security audit trail (`security.email.raw_read`: who, which email, sensitive or not, why).',
  })
  @ApiProduces('message/rfc822')
  @ApiOkResponse({ description: 'message/rfc822, as an attachment named <id>.eml' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or a sensitive report asked for without a reason' })
  @ApiForbiddenResponse({ description: 'The caller lacks raw_mail (or, for a sensitive report, privacy_officer)' })
  @ApiNotFoundResponse({ description: 'No such email, or not one the caller may read' })
  async raw(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: RawEmailQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const officer = user.permissions.includes(PRIVACY_OFFICER);
    if (!officer && !user.permissions.includes(RAW_MAIL)) {
      throw new ForbiddenException("Downloading an email's raw message needs the raw_mail permission (a sensitive report's: privacy_officer); an administrator can grant it");
    }
    const view = await this.emails.read(id, user, officer);
    const reason = query.reason?.trim() || null;
    if (view.sensitive) {
      if (!officer) throw new ForbiddenException('The raw message of a sensitive report names the reporter: it needs the privacy_officer permission');
      if (!reason || reason.length < MIN_REASON) {
        throw new BadRequestException(`The raw message of a sensitive report needs ?reason= of at least ${MIN_REASON} characters (the legal ground or the case it serves); it is kept in the security audit trail`);
      }
    } else if (!user.permissions.includes(RAW_MAIL)) {
      throw new ForbiddenException("Downloading an email's raw message needs the raw_mail permission; an administrator can grant it");
    }
    const request: EmailRawQueryV1 = { id, scope: user.scope, actor: { id: user.id, email: user.email }, sensitive: view.sensitive, reason };
    const raw = await this.emails.call<EmailRawV1>(EMAIL_READ_RPC.raw, request, id);
    res.setHeader('Content-Type', 'message/rfc822');
    res.setHeader('Content-Disposition', `attachment; filename="${id}.eml"`);
    return new StreamableFile(Buffer.from(raw.rawBase64, 'base64'));
  }
}
