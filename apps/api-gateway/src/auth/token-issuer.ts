import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import type { UserEntity } from '../users/user.entity';
import type { TokenClaims } from './auth-user';
import { ACCESS_TOKEN_SECONDS, ENROLMENT_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS } from './auth.constants';
import type { TokenResponseDto } from './dto/login.dto';
import type { SessionTokens } from './sessions/sign-in-sessions.service';

/** Signs the tokens: an access and a refresh token of a session, or an enrolment token. */
@Injectable()
export class TokenIssuer {
  constructor(private readonly jwt: JwtService) {}

  async pair(user: UserEntity, session: SessionTokens): Promise<TokenResponseDto> {
    const base = { sub: user.id, email: user.email, role: user.role as TokenClaims['role'], orgs: user.organizations, sid: session.sessionId };
    return {
      access_token: await this.jwt.signAsync({ ...base, typ: 'access' }, { expiresIn: ACCESS_TOKEN_SECONDS }),
      refresh_token: await this.jwt.signAsync({ ...base, typ: 'refresh', jti: session.refreshId }, { expiresIn: REFRESH_TOKEN_SECONDS }),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: 'Bearer',
    };
  }

  enrolment(user: UserEntity): Promise<string> {
    return this.jwt.signAsync(
      { sub: user.id, email: user.email, role: user.role as TokenClaims['role'], orgs: user.organizations, typ: 'enrolment' } satisfies TokenClaims,
      { expiresIn: ENROLMENT_TOKEN_SECONDS },
    );
  }

  async verify(token: string): Promise<TokenClaims | null> {
    return this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] }).catch(() => null);
  }
}
