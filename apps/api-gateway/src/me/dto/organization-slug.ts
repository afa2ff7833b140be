import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** An optional organization slug (the folder under organizations/), as the configuration spells it. */
export const OptionalOrganizationSlug = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: 'riverside', description }),
    IsOptional(),
    IsString(),
    MaxLength(100),
    Matches(/^[a-z0-9][a-z0-9_-]*$/, { message: 'organization must be an organization slug (lower-case letters, digits, - or _), such as riverside' }),
  );
