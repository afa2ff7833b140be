import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** `POST /api/v1/tasks/{id}/merge`: the task {id} duplicates `into` (SPEC §6 Mail hygiene). */
export class MergeTaskDto {
  @ApiProperty({ description: 'The id of the task this one duplicates: it survives, and this one is cancelled into it', format: 'uuid' })
  @IsUUID()
  into!: string;

  @ApiPropertyOptional({ description: 'Why, recorded on both timelines and in the audit trail', example: 'Same leak, reported twice', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
