import { ApiPropertyOptional } from '@nestjs/swagger';
import type { DigestMode, NotificationChannel } from '@orgo/contracts';
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

export const PREFERENCE_CHANNELS = ['email', 'sms', 'in_app'] as const satisfies readonly NotificationChannel[];
export const DIGEST_MODES = ['immediate', 'hourly', 'daily'] as const satisfies readonly DigestMode[];
const CHANNELS_FORM = `channels must be a list of one or more of ${PREFERENCE_CHANNELS.join(', ')}, such as ["email", "in_app"]`;

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
  @ApiPropertyOptional({ enum: PREFERENCE_CHANNELS, isArray: true, example: ['email', 'in_app'], description: 'How to reach me (at least one)' })
  @ValidateIf((o: UpdatePreferencesDto) => o.channels !== undefined)
  @IsArray({ message: CHANNELS_FORM })
  @ArrayMinSize(1, { message: CHANNELS_FORM })
  @ArrayMaxSize(PREFERENCE_CHANNELS.length, { message: CHANNELS_FORM })
  @ArrayUnique({ message: 'channels must name each channel once' })
  @IsIn(PREFERENCE_CHANNELS, { each: true, message: CHANNELS_FORM })
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
