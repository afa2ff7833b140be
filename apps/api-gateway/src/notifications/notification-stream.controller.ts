import { BadRequestException, Controller, Headers, type MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Observable } from 'rxjs';

import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { AcceptsQueryToken } from '../auth/query-token';
import { MAX_CURSOR_LENGTH, StreamNotificationsQuery } from './dto/stream-notifications.query';
import { NotificationStreamService } from './notification-stream.service';

/** In-app notifications pushed to the dashboard as Server-Sent Events (SPEC §6, §7). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/events')
export class NotificationStreamController {
  constructor(private readonly streams: NotificationStreamService) {}

  @Sse('stream')
  @AcceptsQueryToken()
  @ApiOperation({
    summary: 'My in-app notifications, as Server-Sent Events',
    description:
      'A text/event-stream of the caller\'s in-app notifications as they are stored: each message is `event: notification`, ' +
      '`id: <the notification\'s cursor>`, `data: <the notification as JSON, as in GET /notifications>`. The stream opens with the comment ' +
      '`: connected` and sends `: heartbeat` every 15 s. It starts with the notifications that arrive from now on; `?after=<cursor>` or a ' +
      'Last-Event-ID header (which an EventSource sends when it reconnects, and which wins) resumes after that notification. ' +
      'Authentication as everywhere (Authorization: Bearer); as an EventSource cannot send headers, this endpoint alone also takes ' +
      '`?access_token=<access token>`. The stream ends when the client disconnects; the server checks for new notifications about once a second.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string', example: 'event: notification\nid: 0000000001\ndata: {"id":"…","subject":"…"}\n\n' } } } })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this notification cursor (sent by EventSource on reconnection)' })
  @ApiBadRequestResponse({ description: 'A cursor (after, Last-Event-ID) longer than any the notifier gives' })
  @ApiUnauthorizedResponse({ description: 'No valid access token in the Authorization header or access_token' })
  stream(
    @Query() query: StreamNotificationsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentUser() user: AuthUser,
  ): Observable<MessageEvent> {
    const resume = lastEventId?.trim() || undefined;
    if (resume !== undefined && resume.length > MAX_CURSOR_LENGTH) {
      throw new BadRequestException(`Last-Event-ID must be a notification cursor (at most ${MAX_CURSOR_LENGTH} characters), as sent in an event's id`);
    }
    return this.streams.open(user, resume ?? query.after ?? null);
  }
}
