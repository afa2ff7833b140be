import { Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import type { AuthUser, TokenClaims } from './auth-user';
import { JWT_SECRET } from './auth.constants';
import { queryTokenWhereAccepted } from './query-token';
import { SignedInUserLookup } from './signed-in-user-lookup';

/**
 * Verifies the access token (header, or `?access_token=` where a route accepts it), then asks the
 * SignedInUserLookup who it is now. The api-gateway always provides the lookup; only HTTP specs that
 * mount a few controllers alone go without it and take the token's claims as they are.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(JWT_SECRET) secret: string,
    @Optional() private readonly lookup?: SignedInUserLookup,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), queryTokenWhereAccepted]), ignoreExpiration: false, secretOrKey: secret, algorithms: ['HS256'] });
  }

  async validate(claims: TokenClaims): Promise<AuthUser> {
    if (claims.typ === 'refresh') throw new UnauthorizedException('A refresh token cannot be used as an access token: POST it to /api/v1/auth/refresh');
    if (this.lookup) return this.lookup.current(claims);
    if (claims.typ !== 'access') throw new UnauthorizedException('Only an access token opens this route');
    return {
      id: claims.sub,
      email: claims.email,
      role: claims.role,
      scope: claims.role === 'admin' ? null : claims.orgs,
      permissions: [],
      ...(claims.exp !== undefined ? { expiresAt: claims.exp * 1000 } : {}),
    };
  }
}
