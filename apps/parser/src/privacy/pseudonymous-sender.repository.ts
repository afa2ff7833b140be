import { type EntityManager, In } from 'typeorm';

import { PseudonymousSenderEntity } from './pseudonymous-sender.entity';

/** A sender of an organization, by blind index. */
export interface IndexedSender {
  organization: string | null;
  senderIndex: string | null;
}

const keyOf = (organization: string | null, senderIndex: string) => `${organization ?? ''}\u0000${senderIndex}`;

/** The senders the rules made pseudonymous, looked up by blind index, in the caller's transaction. */
export class PseudonymousSenderRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The pseudonym of each given sender that has one. */
  async pseudonyms(senders: IndexedSender[]): Promise<PseudonymLookup> {
    const indexes = [...new Set(senders.map((s) => s.senderIndex).filter((i): i is string => i !== null))];
    const found = indexes.length ? await this.manager.find(PseudonymousSenderEntity, { where: { senderIndex: In(indexes) } }) : [];
    return new PseudonymLookup(new Map(found.map((f) => [keyOf(f.organization, f.senderIndex), f.pseudonym])));
  }

  /** Records a pseudonymous sender once (the first decision's email and pseudonym stay); true when new. */
  async record(sender: PseudonymousSenderEntity): Promise<boolean> {
    const exists = await this.manager.exists(PseudonymousSenderEntity, { where: { organization: sender.organization, senderIndex: sender.senderIndex } });
    if (exists) return false;
    await this.manager.insert(PseudonymousSenderEntity, sender);
    return true;
  }
}

export class PseudonymLookup {
  constructor(private readonly byKey: Map<string, string>) {}

  of(sender: IndexedSender): string | null {
    return sender.senderIndex === null ? null : (this.byKey.get(keyOf(sender.organization, sender.senderIndex)) ?? null);
  }
}
