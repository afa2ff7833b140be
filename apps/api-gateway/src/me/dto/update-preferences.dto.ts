import { ApiPropertyOptional } from '@nestjs/swagger';
import { DIGEST_MODES, type DigestMode, NOTIFICATION_CHANNELS, type NotificationChannel } from '@orgo/contracts';
import { quietHoursProblem } from '@orgo/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

import { OptionalOrganizationSlug } from './organization-slug';

const CHANNELS_FORM = `channels must be a list of one or more of ${NOTIFICATION_CHANNELS.join(', ')}, such as ["email", "in_app"]`;

/** `quiet_hours`: 'HH:MM-HH:MM' (24-hour clock, the organization's time zone), checked as the notifier reads it. */
@ValidatorConstraint({ name: 'quietHours' })
class QuietHoursConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return quietHoursProblem(value) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return `quiet_hours must be ${quietHoursProblem(args.value)}, or null for none`;
  }
}

/** `PUT /api/v1/me/preferences`: what the caller changes; what they leave out keeps its value. */
export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS, isArray: true, example: ['email', 'in_app'], description: 'How to reach me (at least one)' })
  @ValidateIf((o: UpdatePreferencesDto) => o.channels !== undefined)
  @IsArray({ message: CHANNELS_FORM })
  @ArrayMinSize(1, { message: CHANNELS_FORM })
  @ArrayMaxSize(NOTIFICATION_CHANNELS.length, { message: CHANNELS_FORM })
  @ArrayUnique({ message: 'channels must name each channel once' })
  @IsIn(NOTIFICATION_CHANNELS, { each: true, message: CHANNELS_FORM })
  channels?: NotificationChannel[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '22:00-07:00', description: 'No notification in this window (24-hour clock, the organization’s time zone; may cross midnight); null for none' })
  @ValidateIf((o: UpdatePreferencesDto) => o.quiet_hours !== undefined && o.quiet_hours !== null)
  @Validate(QuietHoursConstraint)
  quiet_hours?: string | null;

  @ApiPropertyOptional({ enum: DIGEST_MODES, description: 'Each notification at once, or gathered into one message an hour or a day' })
  @ValidateIf((o: UpdatePreferencesDto) => o.digest !== undefined)
  @IsIn(DIGEST_MODES, { message: `digest must be one of ${DIGEST_MODES.join(', ')}` })
  digest?: DigestMode;

  @OptionalOrganizationSlug('Change them in this organization only (default: in every organization I am in)')
  organization?: string;
}
