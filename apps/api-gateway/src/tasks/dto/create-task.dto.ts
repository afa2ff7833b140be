import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const PRIORITIES = ['low', 'medium', 'high', 'critical'];
const SEVERITIES = ['minor', 'moderate', 'major', 'critical'];

/** `POST /api/v1/tasks`: a manual task, planned and routed like a task from mail (SPEC §4, §7). */
export class CreateTaskDto {
  @ApiProperty({ description: 'Organization slug (one of the caller’s)', example: 'northside' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'organization must be an organization slug (lower-case letters, digits and -)' })
  @MaxLength(100)
  organization!: string;

  @ApiProperty({ example: 'Water leak in room 102', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ example: 'The ceiling drips above the sink.', maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({ description: 'Task type: lower-case letters, digits, _ or - (it names the events, `task.<type>.created`)', example: 'maintenance' })
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'type must be 1–64 lower-case letters, digits, _ or -' })
  type!: string;

  @ApiPropertyOptional({ example: 'plumbing' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subtype?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;

  @ApiPropertyOptional({ enum: SEVERITIES, description: 'Unset unless given; at the profile’s threshold the task escalates at once' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, default: 1, description: 'Label category (SPEC §3); 9 (crisis) goes to the top of the chain at once' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  category?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 1, description: 'Label subcategory: 1 request, 2 update, 3 decision, 4 report, 5 distribution' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  subcategory?: number;

  @ApiProperty({ description: 'A position id, a role id or a role address of the organization', example: '1001.Ops.Maintenance' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  route_to!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A sensitive report (SPEC §6 Privacy): the task names me by my pseudonym in the organization, its text scrubbed of my address, name and phone numbers; a privacy officer may reveal it',
  })
  @IsOptional()
  @IsBoolean()
  sensitive?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['room-102', 'water'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  tags?: string[];
}
