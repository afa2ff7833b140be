import fs from 'node:fs';
import path from 'node:path';

import pino, { type Logger } from 'pino';

/**
 * One structured JSON logger per process (SPEC §8): a child per service, the correlation id bound
 * on every message handled. Standalone writes to `<home>/logs/orgo.log` so the terminal stays
 * readable; the distributed shape writes to stdout for Logstash.
 */
export function createProcessLogger(options: { level: string; file?: string }): Logger {
  const redact = ['password', '*.password', 'token', '*.token', 'access_token', 'rawBase64', '*.rawBase64'];
  if (!options.file) return pino({ level: options.level, redact, base: undefined });
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  return pino({ level: options.level, redact }, pino.destination({ dest: options.file, sync: false, mkdir: true }));
}
