import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@orgo/persistence';
import { CLOCK, type Clock } from '@orgo/runtime';

import { MailboxCursorEntity } from './mailbox-cursor.entity';

export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

/** Reads and moves the cursor of one IMAP folder (see MailboxCursorEntity). */
@Injectable()
export class MailboxCursorRepository {
  constructor(
    private readonly tx: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(key: string): Promise<MailboxCursor | null> {
    const row = await this.tx.read((m) => m.findOne(MailboxCursorEntity, { where: { key } }));
    return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid } : null;
  }

  async save(key: string, mailbox: string, cursor: MailboxCursor): Promise<void> {
    await this.tx.run((m) =>
      m.save(MailboxCursorEntity, { key, mailbox, uidValidity: cursor.uidValidity, lastUid: cursor.lastUid, updatedAt: this.clock().toISOString() }),
    );
  }
}
