import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { type Clock, CLOCK, LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import argon2 from 'argon2';
import type { Logger } from 'pino';

import { UserEntity } from './user.entity';

/** Users: the bootstrap administrator, members an administrator adds, and password checks (argon2id). */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `ORGO_ADMIN_EMAIL` / `ORGO_ADMIN_PASSWORD` create the first administrator when it does not exist. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.context.env.ORGO_ADMIN_EMAIL?.trim().toLowerCase();
    const password = this.context.env.ORGO_ADMIN_PASSWORD;
    if (!email || !password) return;
    const existing = await this.tx.read((m) => m.findOne(UserEntity, { where: { email } }));
    if (existing) return;
    await this.create(email, password, 'admin', []);
    this.logger.info({ email }, 'administrator created from ORGO_ADMIN_EMAIL');
  }

  async create(email: string, password: string, role: 'admin' | 'member', organizations: string[]): Promise<UserEntity> {
    const user: UserEntity = {
      id: randomUUID(),
      email: email.toLowerCase(),
      passwordHash: await argon2.hash(password, { type: argon2.argon2id }),
      role,
      organizations,
      createdAt: this.clock().toISOString(),
    };
    await this.tx.run((m) => m.insert(UserEntity, user));
    return user;
  }

  async count(): Promise<number> {
    return this.tx.read((m) => m.count(UserEntity));
  }

  /** The user when the password matches, else null (the same answer for an unknown email). */
  async verify(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.tx.read((m) => m.findOne(UserEntity, { where: { email: email.trim().toLowerCase() } }));
    if (!user) {
      await argon2.hash(password).catch(() => undefined);
      return null;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : null;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.tx.read((m) => m.findOne(UserEntity, { where: { email: email.trim().toLowerCase() } }));
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.tx.read((m) => m.findOne(UserEntity, { where: { id } }));
  }
}
