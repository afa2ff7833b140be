import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /api/v1/tasks/{id}/escalate`: one step up the task's chain, optionally saying why. */
export class EscalateTaskDto {
  @ApiPropertyOptional({
    description: 'Why, recorded on the `escalated` timeline entry (as `note`) and in the audit trail',
    example: 'Needs a scaffold the team does not have',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
