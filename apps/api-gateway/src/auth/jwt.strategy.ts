import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import type { AuthUser, TokenClaims } from './auth-user';
import { JWT_SECRET } from './auth.constants';
import { queryTokenWhereAccepted } from './query-token';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(JWT_SECRET) secret: string) {
    super({ jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), queryTokenWhereAccepted]), ignoreExpiration: false, secretOrKey: secret, algorithms: ['HS256'] });
  }

  validate(claims: TokenClaims): AuthUser {
    if (claims.typ !== 'access') throw new UnauthorizedException('A refresh token cannot be used as an access token');
    return {
      id: claims.sub,
      email: claims.email,
      role: claims.role,
      scope: claims.role === 'admin' ? null : claims.orgs,
      ...(claims.exp !== undefined ? { expiresAt: claims.exp * 1000 } : {}),
    };
  }
}
