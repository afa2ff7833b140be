import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@northside.example' })
  @IsEmail()
  email!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'The current TOTP code, or an unused recovery code; required once MFA is enrolled (always for administrators and privacy officers)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  otp?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  refresh_token!: string;
}

export class TokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ description: 'Works once: refreshing answers a new pair; presenting a used one again revokes the whole sign-in' }) refresh_token!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expires_in!: number;
  @ApiProperty({ example: 'Bearer' }) token_type!: string;
}

export class SignedInUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['admin', 'member'] }) role!: 'admin' | 'member';
  @ApiProperty({ type: [String], nullable: true, description: 'Organizations visible; null for all' }) scope!: string[] | null;
  @ApiProperty({ type: [String], example: ['privacy_officer'] }) permissions!: string[];
}
