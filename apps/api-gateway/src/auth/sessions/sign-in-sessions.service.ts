import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK } from '@orgo/runtime';
import { type EntityManager, IsNull } from 'typeorm';

import { REFRESH_TOKEN_SECONDS } from '../auth.constants';
import { RefreshTokenEntity } from './refresh-token.entity';
import { type RefreshVerdict, refreshVerdict } from './refresh-verdict';
import { SignInSessionEntity } from './sign-in-session.entity';

export interface SessionTokens {
  sessionId: string;
  refreshId: string;
}

/** Sign-in sessions (refresh token families): open, rotate with reuse detection, revoke. */
@Injectable()
export class SignInSessionsService {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async open(manager: EntityManager, userId: string): Promise<SessionTokens> {
    const now = this.clock();
    const session: SignInSessionEntity = {
      id: randomUUID(),
      userId,
      createdAt: now.toISOString(),
      expiresAt: this.refreshExpiry(now),
      revokedAt: null,
      revokedReason: null,
    };
    await manager.insert(SignInSessionEntity, session);
    return { sessionId: session.id, refreshId: await this.addRefreshToken(manager, session.id, now) };
  }

  /**
   * Exchanges a refresh token: `rotate` retires it and answers the next one; `reused` (it was retired
   * already) revokes the whole family. The caller records the verdict.
   */
  async rotate(manager: EntityManager, sessionId: string, refreshId: string): Promise<{ verdict: RefreshVerdict; next?: SessionTokens; userId?: string }> {
    const now = this.clock();
    const token = await manager.findOne(RefreshTokenEntity, { where: { id: refreshId } });
    const session = await manager.findOne(SignInSessionEntity, { where: { id: sessionId } });
    const verdict = refreshVerdict({ token, session }, now);
    if (verdict === 'reused') await this.revoke(manager, sessionId, 'reused_refresh_token');
    if (verdict !== 'rotate') return { verdict, userId: session?.userId };
    // Retire only a token nobody retired meanwhile: of two concurrent uses, one rotates, the other is a reuse.
    const retired = await manager.update(RefreshTokenEntity, { id: refreshId, retiredAt: IsNull() }, { retiredAt: now.toISOString() });
    if (!retired.affected) {
      await this.revoke(manager, sessionId, 'reused_refresh_token');
      return { verdict: 'reused', userId: session!.userId };
    }
    await manager.update(SignInSessionEntity, { id: sessionId }, { expiresAt: this.refreshExpiry(now) });
    return { verdict, userId: session!.userId, next: { sessionId, refreshId: await this.addRefreshToken(manager, sessionId, now) } };
  }

  async revoke(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
    await manager.update(SignInSessionEntity, { id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock().toISOString(), revokedReason: reason });
  }

  async revokeAllOf(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.update(SignInSessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: this.clock().toISOString(), revokedReason: reason });
  }

  /** An access token's session is live: not revoked, not past its last refresh token. */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const session = await this.tx.read((m) => m.findOne(SignInSessionEntity, { where: { id: sessionId } }));
    return !!session && session.userId === userId && !session.revokedAt && Date.parse(session.expiresAt) > this.clock().getTime();
  }

  private async addRefreshToken(manager: EntityManager, sessionId: string, now: Date): Promise<string> {
    const id = randomUUID();
    await manager.insert(RefreshTokenEntity, { id, sessionId, createdAt: now.toISOString(), expiresAt: this.refreshExpiry(now), retiredAt: null });
    return id;
  }

  private refreshExpiry(now: Date): string {
    return new Date(now.getTime() + REFRESH_TOKEN_SECONDS * 1000).toISOString();
  }
}
