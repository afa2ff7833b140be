import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVIEW_PERIOD_KINDS, type ReviewPeriodKind } from '@orgo/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const PERIODS = [...REVIEW_PERIOD_KINDS];

export class ReviewListQueryDto {
  @ApiPropertyOptional({ description: 'Organization slug' })
  @IsOptional()
  @Matches(SLUG, { message: 'organization must be an organization slug (the folder under organizations/)' })
  organization?: string;
  @ApiPropertyOptional({ enum: PERIODS })
  @IsOptional()
  @IsIn(PERIODS, { message: `period must be one of ${PERIODS.join(', ')}` })
  period?: ReviewPeriodKind;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;
}

export class ReviewRunDto {
  @ApiProperty({ description: 'Organization slug' })
  @Matches(SLUG, { message: 'organization must be an organization slug (the folder under organizations/)' })
  organization!: string;
  @ApiProperty({ enum: PERIODS })
  @IsIn(PERIODS, { message: `period must be one of ${PERIODS.join(', ')}` })
  period!: ReviewPeriodKind;
  @ApiPropertyOptional({
    description: 'Review the period that ended last at or before this moment (ISO 8601; default now)',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'at must be an ISO 8601 date or date-time, e.g. 2026-11-30 or 2026-11-30T08:00:00Z' },
  )
  at?: string;
}
