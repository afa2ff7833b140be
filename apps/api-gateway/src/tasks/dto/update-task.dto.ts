import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

const STATUSES = ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];

export class TaskAssigneeDto {
  @ApiProperty({ description: 'A position id of the task’s organization', example: '1001.Ops.Maintenance' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  position!: string;
}

/**
 * Any of: an assignment, a priority, an ETA, a comment, a status transition — applied in that order,
 * each its own timeline entry. At least one is required.
 */
export class UpdateTaskDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, description: 'A new priority: a `priority_changed` entry (audited); the next steps take its reactivity when the task’s came from the priority table' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;

  @ApiPropertyOptional({ description: 'A comment on the timeline (`commented`, the caller as actor)', maxLength: 10000 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  comment?: string;

  @ApiPropertyOptional({
    description: 'When it will be done: an ISO-8601 date-time or a duration from now (`30 minutes`, `2h`); recorded as a reply’s `ETA:` is (`eta_set`, `metadata.eta` = `{ text, at, by }`)',
    example: '30 minutes',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  eta?: string;

  @ApiPropertyOptional({
    type: TaskAssigneeDto,
    description:
      'Assign the task to a position. Under automation level manual this confirms the route a task waiting in ' +
      'triage was suggested (its `suggested_position`). 409 when the organization has no such position.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskAssigneeDto)
  assignee?: TaskAssigneeDto;

  @ApiPropertyOptional({ description: 'Why, recorded on the timeline' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
