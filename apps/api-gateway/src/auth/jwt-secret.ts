import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { ServiceContext } from '@orgo/runtime';

/**
 * The key that signs access tokens: `ORGO_JWT_SECRET`, else `security.jwt.secret` from the security
 * files, else (standalone) a random key generated once and kept in `<home>/secrets/jwt.key`, so
 * tokens survive a restart. The key is never logged.
 */
export function resolveJwtSecret(context: ServiceContext): string {
  const fromEnv = context.env.ORGO_JWT_SECRET;
  if (fromEnv) return fromEnv;
  const security = context.config.security as { jwt?: { secret?: string } };
  if (security?.jwt?.secret) return security.jwt.secret;
  const file = path.join(context.home, 'secrets', 'jwt.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
