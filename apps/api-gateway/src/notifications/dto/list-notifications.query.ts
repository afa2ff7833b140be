import { ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from '@orgo/contracts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';


/** `GET /api/v1/notifications`: filters and page of the caller's notifications (an administrator's: anyone's). */
export class ListNotificationsQuery {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES, description: 'queued (waiting, to be retried, or held for quiet hours or a digest), sent, or failed (retries spent)' })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES, { message: `status must be one of ${NOTIFICATION_STATUSES.join(', ')}` })
  status?: (typeof NOTIFICATION_STATUSES)[number];

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS, { message: `channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}` })
  channel?: (typeof NOTIFICATION_CHANNELS)[number];

  @ApiPropertyOptional({ description: 'Only the notifications of this task (its id)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'task_id must be a task id (a UUID)' })
  task_id?: string;

  @ApiPropertyOptional({ description: "Administrators: this person's notifications instead of their own (within their organizations)", example: 'lead@riverside.example' })
  @IsOptional()
  @MaxLength(320)
  @IsEmail(undefined, { message: 'recipient must be an email address, such as lead@riverside.example' })
  recipient?: string;

  @ApiPropertyOptional({ description: "Administrators: everyone's notifications in their organizations (e.g. with status=failed, every delivery that failed)", type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
