import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** `POST /api/v1/rules/test`: one raw message (as text or base64) and the organization whose rules apply. */
export class TestRulesDto {
  @ApiProperty({ example: 'riverside', description: 'Slug of the organization whose effective rules are tried' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  organization!: string;

  @ApiPropertyOptional({ example: 'repairs@riverside.example', description: 'The role address it arrives on (default: the role address it was delivered or written to, else the triage address)' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  mailbox?: string;

  @ApiPropertyOptional({ description: 'The raw RFC 822 message as text (give raw or raw_base64)' })
  @ValidateIf((o: TestRulesDto) => o.raw_base64 === undefined)
  @IsString({ message: 'raw (the message as text) or raw_base64 is required' })
  @IsNotEmpty()
  raw?: string;

  @ApiPropertyOptional({ description: 'The raw RFC 822 message, base64 (for 8-bit or binary content)' })
  @ValidateIf((o: TestRulesDto) => o.raw === undefined)
  @IsBase64(undefined, { message: 'raw_base64 must be base64 (or give the message as text in raw)' })
  raw_base64?: string;
}
