import { OrgoError } from '@orgo/domain';

/** One named 256-bit key; the id is stored beside every value it protects. */
export interface NamedKey {
  id: string;
  key: Buffer;
}

/**
 * The keys of an installation (SPEC §6 Privacy, Audit):
 * - `encryption`: AES-256-GCM keys for sealed values; the first is the active one (new values),
 *   the others stay readable until `orgo keys rotate` has re-encrypted everything;
 * - `index`: the HMAC key of blind indexes (looking up a sealed identity without decrypting);
 *   it is not rotated, since stored indexes would stop matching;
 * - `audit`: HMAC keys of the audit chain and its checkpoints; the first signs new entries, the
 *   others verify older ones.
 */
export class KeyRing {
  private readonly encryptionById: Map<string, Buffer>;
  private readonly auditById: Map<string, Buffer>;

  constructor(
    readonly encryption: NamedKey[],
    readonly index: Buffer,
    readonly audit: NamedKey[],
  ) {
    if (!encryption.length) throw new OrgoError('SECURITY.NO_KEY', 'The key ring has no encryption key');
    if (!audit.length) throw new OrgoError('SECURITY.NO_KEY', 'The key ring has no audit key');
    for (const k of [...encryption, ...audit, { id: 'index', key: index }]) assertKey(k);
    this.encryptionById = new Map(encryption.map((k) => [k.id, k.key]));
    this.auditById = new Map(audit.map((k) => [k.id, k.key]));
  }

  get activeEncryption(): NamedKey {
    return this.encryption[0];
  }

  get activeAudit(): NamedKey {
    return this.audit[0];
  }

  encryptionKey(id: string): Buffer {
    const key = this.encryptionById.get(id);
    if (!key) {
      throw new OrgoError('SECURITY.UNKNOWN_KEY', `A value is sealed with encryption key '${id}', which the key ring does not hold; restore that key (keep retired keys until 'orgo keys rotate' has finished)`);
    }
    return key;
  }

  auditKey(id: string): Buffer | undefined {
    return this.auditById.get(id);
  }
}

function assertKey(k: NamedKey): void {
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(k.id)) {
    throw new OrgoError('SECURITY.BAD_KEY', `Key id '${k.id}' is not valid: use 1–40 letters, digits, '.', '_' or '-'`);
  }
  if (k.key.length !== 32) {
    throw new OrgoError('SECURITY.BAD_KEY', `Key '${k.id}' is ${k.key.length} bytes long; a key is 32 random bytes in base64 (e.g. 'openssl rand -base64 32')`);
  }
}
