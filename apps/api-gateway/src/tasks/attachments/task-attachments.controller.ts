import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { type AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { contentDisposition } from './attachment-download';
import { TaskAttachmentsService } from './task-attachments.service';

/** A task's files (SPEC §4 attachments), downloaded; the task JSON lists them. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TaskAttachmentsController {
  constructor(private readonly attachments: TaskAttachmentsService) {}

  @Get(':id/attachments/:aid')
  @ApiOperation({
    summary: 'Download one attachment of a task',
    description:
      "The bytes as stored (checked against the sha256 the task lists), as an attachment (`Content-Disposition: attachment; filename*=UTF-8''…`), " +
      'with the type sniffed from the bytes and `X-Content-Type-Options: nosniff`. Whoever may see the task may download its files; ' +
      'a sensitive task’s only the holders of a position of its chain and a privacy officer.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file' })
  @ApiNotFoundResponse({
    description: 'No such task or attachment, or not one the caller may download (the same answer)',
  })
  async download(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('aid', new ParseUUIDPipe()) aid: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { attachment, bytes } = await this.attachments.download(id, aid, user);
    res.setHeader('Content-Type', attachment.type);
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', contentDisposition(attachment.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes);
  }
}
