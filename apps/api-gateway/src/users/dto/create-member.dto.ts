import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

import { PERMISSIONS } from '../../auth/auth-user';

/** A user: a member sees only the tasks of the organizations listed; an administrator sees all. */
export class CreateMemberDto {
  @ApiProperty({ example: 'jane@northside.example' })
  @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 12, description: 'Checked for strength (zxcvbn-ts: not a common, breached-style, personal or patterned password); stored only as an argon2id hash' })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ enum: ['member', 'admin'], default: 'member' })
  @IsOptional()
  @IsIn(['member', 'admin'])
  role?: 'member' | 'admin';

  @ApiProperty({ type: [String], example: ['northside'], description: 'Slugs of configured organizations the member may see (administrators see all)' })
  @ValidateIf((o: CreateMemberDto) => o.role !== 'admin' || o.organizations !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, { each: true })
  organizations!: string[];

  @ApiPropertyOptional({ description: 'Grants the privacy_officer permission (reveals pseudonyms; MFA required)' })
  @IsOptional()
  @IsBoolean()
  privacy_officer?: boolean;

  @ApiPropertyOptional({ type: [String], enum: PERMISSIONS, description: 'Permissions beyond the role; the same as privacy_officer: true' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PERMISSIONS, { each: true })
  permissions?: string[];
}

/** Changes to a user: enable or disable, role, organizations, permissions. */
export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'A disabled user cannot sign in, and their tokens stop working at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ['member', 'admin'] })
  @IsOptional()
  @IsIn(['member', 'admin'])
  role?: 'member' | 'admin';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, { each: true })
  organizations?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  privacy_officer?: boolean;

  @ApiPropertyOptional({ type: [String], enum: PERMISSIONS })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PERMISSIONS, { each: true })
  permissions?: string[];
}

export class MemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['member', 'admin'] }) role!: 'member' | 'admin';
  @ApiProperty({ type: [String] }) organizations!: string[];
  @ApiProperty({ type: [String], example: ['privacy_officer'] }) permissions!: string[];
  @ApiProperty() privacy_officer!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'MFA (TOTP) is enrolled' }) mfa_enabled!: boolean;
  @ApiProperty({ description: 'MFA is required for this user (administrators, privacy officers)' }) mfa_required!: boolean;
}
