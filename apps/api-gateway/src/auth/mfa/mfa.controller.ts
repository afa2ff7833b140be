import { Body, Controller, Delete, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

import type { AuthUser } from '../auth-user';
import { AuthService } from '../auth.service';
import { CurrentUser } from '../current-user.decorator';
import { AllowsEnrolmentToken, SignInAttempt } from '../sign-in-route.decorators';
import { EnrolmentDto, MfaConfirmedDto, OtpDto } from './dto/mfa.dto';
import { MfaService } from './mfa.service';

/** TOTP MFA of the signed-in user (or of one holding an enrolment token from a sign-in). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
  ) {}

  @AllowsEnrolmentToken()
  @Post('enroll')
  @ApiCreatedResponse({ type: EnrolmentDto, description: 'A new secret, pending until confirmed with a code from it' })
  @ApiConflictResponse({ description: 'MFA is enrolled already (AUTH.MFA_ALREADY_ENROLLED)' })
  enroll(@CurrentUser() user: AuthUser): Promise<EnrolmentDto> {
    return this.mfa.enroll(user);
  }

  @AllowsEnrolmentToken()
  @SignInAttempt()
  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaConfirmedDto, description: 'MFA is on; the recovery codes are shown only now. With an enrolment token, the tokens of the sign-in too' })
  @ApiUnauthorizedResponse({ description: 'The code is wrong (AUTH.OTP_INVALID)' })
  async confirm(@Body() body: OtpDto, @CurrentUser() caller: AuthUser, @Ip() ip: string): Promise<MfaConfirmedDto> {
    const { user, recoveryCodes } = await this.mfa.confirm(caller, body.otp, ip);
    if (!caller.enrolmentOnly) return { recovery_codes: recoveryCodes };
    return { recovery_codes: recoveryCodes, ...(await this.auth.completeEnrolment(user, ip)) };
  }

  @SignInAttempt()
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'MFA is off' })
  @ApiForbiddenResponse({ description: 'Administrators and privacy officers must keep MFA (AUTH.MFA_REQUIRED)' })
  async disable(@Body() body: OtpDto, @CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    await this.mfa.disable(user, body.otp, ip);
  }
}
