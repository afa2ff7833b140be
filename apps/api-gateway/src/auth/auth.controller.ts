import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { LoginDto, RefreshDto, SignedInUserDto, TokenResponseDto } from './dto/login.dto';
import { Public } from './public.decorator';
import { SignInAttempt } from './sign-in-route.decorators';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @SignInAttempt()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (AUTH.INVALID_CREDENTIALS), a one-time code needed (AUTH.OTP_REQUIRED) or wrong (AUTH.OTP_INVALID)' })
  @ApiForbiddenResponse({ description: 'MFA must be enrolled first (AUTH.MFA_ENROLMENT_REQUIRED, with details.enrolment_token)' })
  @ApiTooManyRequestsResponse({ description: 'The account is locked after failed sign-ins, or the address signs in too often (Retry-After)' })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.auth.login({ email: body.email, password: body.password, otp: body.otp, ip });
  }

  @Public()
  @SignInAttempt()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto, description: 'A new pair; the refresh token sent is retired' })
  @ApiUnauthorizedResponse({ description: 'Invalid or expired, the sign-in ended, or reused (AUTH.REFRESH_TOKEN_REUSED: the whole sign-in is revoked)' })
  refresh(@Body() body: RefreshDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refresh_token, ip);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The sign-in is revoked: its refresh and access tokens stop working' })
  async logout(@CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    await this.auth.logout(user, ip);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: SignedInUserDto })
  me(@CurrentUser() user: AuthUser): SignedInUserDto {
    return { id: user.id, email: user.email, role: user.role, scope: user.scope, permissions: user.permissions };
  }
}
