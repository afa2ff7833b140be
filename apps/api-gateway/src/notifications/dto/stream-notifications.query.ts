import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The longest cursor the stream takes (the notifier's cursors are far shorter). */
export const MAX_CURSOR_LENGTH = 200;

/** `GET /api/v1/events/stream`: where to resume, and the token for clients that cannot send headers. */
export class StreamNotificationsQuery {
  @ApiPropertyOptional({ description: "Resume after this notification cursor (a notification's `cursor`, an event's `id`); a Last-Event-ID header wins over it. Default: only notifications that arrive from now on" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;

  @ApiPropertyOptional({ description: 'The access token, for EventSource clients, which cannot set an Authorization header (this endpoint only; prefer the header where you can)' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  access_token?: string;
}
