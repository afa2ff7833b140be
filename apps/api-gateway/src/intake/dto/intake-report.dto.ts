import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** `"true"` / `"false"` as a form sends them, or a JSON boolean. */
export function formBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === 'on' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  return value;
}

/** Fields every public submission carries: the solved challenge and the honeypot. */
export class IntakeProofDto {
  @ApiPropertyOptional({ description: 'The challenge token from GET /api/v1/intake/{organization}/{role} (or the status answer); used once' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  challenge?: string;

  @ApiPropertyOptional({ description: 'A nonce such that sha256("<challenge>:<nonce>") has `difficulty` leading zero bits (1–64 of A–Z a–z 0–9 - _)', example: '48213' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  nonce?: string;

  @ApiPropertyOptional({ description: 'Leave empty: a field people do not see (a filled one is answered like success and creates nothing)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

/** `POST /api/v1/intake/{organization}/{role}`, as multipart/form-data (with `files`) or JSON. */
export class IntakeReportDto extends IntakeProofDto {
  @ApiProperty({ example: 'Water leak in room 102', maxLength: 200 })
  @IsString()
  @Matches(/\S/, { message: 'subject must not be empty' })
  @MaxLength(200)
  subject!: string;

  @ApiProperty({ example: 'Water is dripping from the ceiling next to the window.', maxLength: 20000 })
  @IsString()
  @Matches(/\S/, { message: 'description must not be empty' })
  @MaxLength(20_000)
  description!: string;

  @ApiPropertyOptional({ example: 'sam@mail.example', description: 'Where the reporter may be answered; required unless the report is anonymous, ignored when it is' })
  @IsOptional()
  @ValidateIf((o: IntakeReportDto) => o.contact !== '')
  @IsEmail({}, { message: 'contact must be an email address (or leave it empty)' })
  @MaxLength(320)
  contact?: string;

  @ApiPropertyOptional({ description: '"true" for an anonymous report, where the role allows it', example: 'false' })
  @IsOptional()
  @Transform(formBoolean)
  @IsBoolean({ message: 'anonymous must be "true" or "false"' })
  anonymous?: boolean;
}

/** `POST /api/v1/intake/status/{code}/messages`: information added by the reporter. */
export class IntakeFollowUpDto extends IntakeProofDto {
  @ApiProperty({ example: 'It happened again this morning.', maxLength: 20000 })
  @IsString()
  @Matches(/\S/, { message: 'text must not be empty' })
  @MaxLength(20_000)
  text!: string;
}
