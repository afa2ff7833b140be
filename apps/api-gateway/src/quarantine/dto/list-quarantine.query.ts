import { ApiPropertyOptional } from '@nestjs/swagger';
import { EMAIL_REJECTION_REASONS } from '@orgo/contracts';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListQuarantineQuery {
  @ApiPropertyOptional({ description: 'Organization slug' }) @IsOptional() @IsString() @MaxLength(100) organization?: string;

  @ApiPropertyOptional({ enum: EMAIL_REJECTION_REASONS, description: 'Machine-readable reason' })
  @IsOptional()
  @IsIn(EMAIL_REJECTION_REASONS, { message: `reason must be one of ${EMAIL_REJECTION_REASONS.join(', ')}` })
  reason?: string;

  @ApiPropertyOptional({ description: 'One exact sender address (no patterns); a sensitive reporter is never found by it' })
  @IsOptional()
  @IsEmail({}, { message: 'sender must be one exact email address (no patterns or parts of an address)' })
  @MaxLength(320)
  sender?: string;

  @ApiPropertyOptional({ enum: ['quarantined', 'replayed', 'all'], default: 'quarantined', description: 'Still held, released by a replay, or both' })
  @IsOptional()
  @IsIn(['quarantined', 'replayed', 'all'])
  status?: 'quarantined' | 'replayed' | 'all';

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
