import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class OtpDto {
  @ApiProperty({ example: '492039', description: 'The current code of the authenticator app (or, to disable, an unused recovery code)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  otp!: string;
}

export class EnrolmentDto {
  @ApiProperty({ description: 'Base32 TOTP secret, to type into an authenticator app' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Orgo:ana%40orgo.test?secret=…&issuer=Orgo' }) otpauth_uri!: string;
  @ApiProperty({ description: 'The otpauth URI as a QR code: a PNG data URL' }) qr_code!: string;
}

export class MfaConfirmedDto {
  @ApiProperty({ type: [String], description: 'One-time recovery codes, shown only now: keep them somewhere safe' }) recovery_codes!: string[];
  @ApiPropertyOptional({ description: 'When confirmed with an enrolment token: the tokens of the sign-in it completes' }) access_token?: string;
  @ApiPropertyOptional() refresh_token?: string;
  @ApiPropertyOptional() expires_in?: number;
  @ApiPropertyOptional() token_type?: string;
}
