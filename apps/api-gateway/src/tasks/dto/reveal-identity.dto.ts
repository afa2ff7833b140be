import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /api/v1/tasks/{id}/reveal`: a privacy officer asks who is behind a sensitive task's pseudonym. */
export class RevealIdentityDto {
  @ApiProperty({
    description: 'Why the identity is needed (the legal ground, the case it serves); kept in the security audit trail',
    example: 'Disciplinary hearing 2026-12 requested by the tribunal (ref. HR-2026-114)',
    minLength: 10,
    maxLength: 2000,
  })
  @IsString()
  @MinLength(10, { message: 'reason must say why the identity is needed, in at least 10 characters' })
  @MaxLength(2000)
  reason!: string;
}
