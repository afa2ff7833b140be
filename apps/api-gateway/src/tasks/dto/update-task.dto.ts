import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

const STATUSES = ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'];

export class TaskAssigneeDto {
  @ApiProperty({ description: 'A position id of the task’s organization', example: '1001.Ops.Maintenance' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  position!: string;
}

/** A status transition, an assignment, or both (the assignment first). */
export class UpdateTaskDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Required unless assignee is given' })
  @ValidateIf((o: UpdateTaskDto) => o.status !== undefined || o.assignee === undefined)
  @IsIn(STATUSES)
  status?: string;

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
