import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListTasksQuery {
  @ApiPropertyOptional({ description: 'Organization slug' }) @IsOptional() @IsString() @MaxLength(100) organization?: string;
  @ApiPropertyOptional({ description: 'One status or several, comma-separated' })
  @IsOptional()
  @Matches(/^(pending|in_progress|on_hold|escalated|completed|failed|cancelled)(,(pending|in_progress|on_hold|escalated|completed|failed|cancelled))*$/, {
    message: 'status must be pending, in_progress, on_hold, escalated, completed, failed or cancelled (comma-separated for several)',
  })
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) type?: string;
  @ApiPropertyOptional({ description: 'One priority or several, comma-separated' })
  @IsOptional()
  @Matches(/^(low|medium|high|critical)(,(low|medium|high|critical))*$/, { message: 'priority must be low, medium, high or critical (comma-separated for several)' })
  priority?: string;
  @ApiPropertyOptional({ description: 'Label or label prefix, e.g. 1001.8' }) @IsOptional() @IsString() @MaxLength(255) label?: string;
  @ApiPropertyOptional({ description: 'Assigned position id' }) @IsOptional() @IsString() @MaxLength(255) assignee?: string;
  @ApiPropertyOptional({
    description:
      'Full-text search in title, description, key and tags (never the reporter): words all match, "a phrase" in a row, ' +
      '`or` between two terms, `-word` excludes; english stemming. Ranked by relevance unless `sort` is given',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;
  @ApiPropertyOptional({ description: 'true: only tasks assigned to a position I hold (by the organization file), escalated ones included', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'mine must be true or false' })
  mine?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @IsISO8601() created_after?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() created_before?: string;
  @ApiPropertyOptional({ description: 'Default: relevance when text is given, else -created_at', enum: ['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority'] })
  @IsOptional()
  @IsIn(['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority'])
  sort?: 'created_at' | '-created_at' | 'updated_at' | '-updated_at' | 'priority' | '-priority';
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
