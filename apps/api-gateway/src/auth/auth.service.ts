import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { UsersService } from '../users/users.service';
import type { TokenClaims } from './auth-user';
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS } from './auth.constants';
import type { TokenResponseDto } from './dto/login.dto';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string): Promise<TokenResponseDto> {
    const user = await this.users.verify(email, password);
    if (!user) throw new UnauthorizedException('Wrong email or password');
    return this.issue({ sub: user.id, email: user.email, role: user.role as TokenClaims['role'], orgs: user.organizations });
  }

  async refresh(token: string): Promise<TokenResponseDto> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('The refresh token is invalid or expired; sign in again');
    }
    if (claims.typ !== 'refresh') throw new UnauthorizedException('An access token cannot be used to refresh');
    const user = await this.users.findById(claims.sub);
    if (!user) throw new UnauthorizedException('The user no longer exists');
    return this.issue({ sub: user.id, email: user.email, role: user.role as TokenClaims['role'], orgs: user.organizations });
  }

  private async issue(base: Omit<TokenClaims, 'typ'>): Promise<TokenResponseDto> {
    return {
      access_token: await this.jwt.signAsync({ ...base, typ: 'access' }, { expiresIn: ACCESS_TOKEN_SECONDS }),
      refresh_token: await this.jwt.signAsync({ ...base, typ: 'refresh' }, { expiresIn: REFRESH_TOKEN_SECONDS }),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: 'Bearer',
    };
  }
}
