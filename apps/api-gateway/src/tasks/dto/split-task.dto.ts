import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRIORITIES } from '@orgo/domain';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `POST /api/v1/tasks/{id}/split`: a second task from the same mail (SPEC §6 Mail hygiene); unset fields come from the original. */
export class SplitTaskDto {
  @ApiProperty({ example: 'Also: the heating in room 4 is off', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ description: 'The original’s description when unset', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ description: 'Task type (the original’s when unset): lower-case letters, digits, _ or -', example: 'maintenance' })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'type must be 1–64 lower-case letters, digits, _ or -' })
  type?: string;

  @ApiPropertyOptional({ description: 'The original’s when unset and the type is the original’s', example: 'heating' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subtype?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, description: 'The original’s when unset' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;

  @ApiPropertyOptional({ description: 'A position id, a role id or a role address; unset: where the source mailbox’s role routes (else triage)', example: '1001.Ops.Maintenance' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  route_to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Label category (the original’s when unset); 9 (crisis) goes to the top of the chain at once' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  category?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Label subcategory (the original’s when unset)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  subcategory?: number;
}
