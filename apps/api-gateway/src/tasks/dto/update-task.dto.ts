import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateTaskDto {
  @ApiProperty({ enum: ['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'] })
  @IsIn(['pending', 'in_progress', 'on_hold', 'escalated', 'completed', 'failed', 'cancelled'])
  status!: string;

  @ApiPropertyOptional({ description: 'Why, recorded on the timeline' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
