import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { Checker, join } from './checker';

/** The parser's validated settings (`config/services/parser/*.yaml`, SPEC §2, §6). */
export interface ParserSettings {
  /** A larger raw message is quarantined as `EMAIL.TOO_LARGE` without being parsed. */
  maxMessageBytes: number;
  /** File extensions (lower case, no dot) an attachment may have to reach the task; `intake.allowed_attachment_types` of an organization.yaml overrides it. */
  allowedAttachmentTypes: string[];
  /** A larger attachment (of an allowed type) quarantines its message as `EMAIL.ATTACHMENT_TOO_LARGE`; `intake.max_attachment_bytes` of an organization.yaml overrides it. */
  maxAttachmentBytes: number;
  /** Parsing one message may take this long; then it is stopped and quarantined (`EMAIL.PARSE_TIMEOUT`). */
  parseTimeoutMs: number;
  /** Heap one parse may use, in MB; beyond it the message is stopped and quarantined (`EMAIL.TOO_COMPLEX`). */
  parseMemoryMb: number;
  /** Messages parsed at once (worker threads). */
  parseThreads: number;
  /** At most `messages` per `windowMs` from one sender to one organization; 0 messages turns it off. */
  rateLimit: { messages: number; windowMs: number };
}

export const DEFAULT_PARSER_SETTINGS: ParserSettings = {
  maxMessageBytes: 10 * 1024 ** 2,
  allowedAttachmentTypes: ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'txt', 'csv'],
  maxAttachmentBytes: 10 * 1024 ** 2,
  parseTimeoutMs: 10_000,
  parseMemoryMb: 512,
  parseThreads: 2,
  rateLimit: { messages: 30, windowMs: 60 * 60_000 },
};

export const PARSER_SETTING_KEYS = [
  'max_message_bytes',
  'allowed_attachment_types',
  'max_attachment_bytes',
  'parse_timeout',
  'parse_memory',
  'parse_threads',
  'rate_limit',
] as const;

const EXTENSION = /^[a-z0-9]{1,10}$/;

/**
 * Validates the parser's settings (`services/parser/*.yaml`, merged, after environment overrides
 * such as `ORGO_PARSER__MAX_MESSAGE_BYTES=20MB` or `ORGO_PARSER__ALLOWED_ATTACHMENT_TYPES=pdf,png`).
 * Every problem is recorded as an issue naming the file and the key; absent keys take the defaults.
 */
export function checkParserSettings(raw: Record<string, unknown> | undefined, file: (key: string) => string, issues: ValidationIssue[]): ParserSettings {
  const settings: ParserSettings = { ...DEFAULT_PARSER_SETTINGS, rateLimit: { ...DEFAULT_PARSER_SETTINGS.rateLimit } };
  if (raw === undefined || raw === null) return settings;
  const at = (key: string) => new Checker(file(key), issues);
  for (const key of Object.keys(raw)) {
    if (!(PARSER_SETTING_KEYS as readonly string[]).includes(key)) {
      at(key).issue(key, `one of the keys ${PARSER_SETTING_KEYS.join(', ')}`, key, 'remove it or fix its spelling');
    }
  }
  settings.maxMessageBytes = at('max_message_bytes').bytes(raw.max_message_bytes, 'max_message_bytes', settings.maxMessageBytes);
  settings.maxAttachmentBytes = at('max_attachment_bytes').bytes(raw.max_attachment_bytes, 'max_attachment_bytes', settings.maxAttachmentBytes, 1);
  settings.parseTimeoutMs = at('parse_timeout').duration(raw.parse_timeout, 'parse_timeout', settings.parseTimeoutMs, 100);
  settings.parseMemoryMb = at('parse_memory').integer(raw.parse_memory, 'parse_memory', settings.parseMemoryMb, 64, 16_384);
  settings.parseThreads = at('parse_threads').integer(raw.parse_threads, 'parse_threads', settings.parseThreads, 1, 64);
  if (raw.allowed_attachment_types !== undefined) {
    settings.allowedAttachmentTypes = attachmentTypes(raw.allowed_attachment_types, at('allowed_attachment_types')) ?? settings.allowedAttachmentTypes;
  }
  if (raw.rate_limit !== undefined) {
    const check = at('rate_limit');
    const limit = check.object(raw.rate_limit, 'rate_limit', ['messages', 'window'], ['messages']);
    if (limit) {
      settings.rateLimit = {
        messages: check.integer(limit.messages, 'rate_limit.messages', settings.rateLimit.messages, 0, 1_000_000),
        windowMs: check.duration(limit.window, 'rate_limit.window', settings.rateLimit.windowMs, 1000),
      };
    }
  }
  return settings;
}

function attachmentTypes(value: unknown, check: Checker): string[] | undefined {
  const list = typeof value === 'string' ? value.split(',').map((t) => t.trim()) : check.list(value, 'allowed_attachment_types');
  if (!list) return undefined;
  const types: string[] = [];
  list.forEach((type, i) => {
    if (typeof type === 'string' && EXTENSION.test(type.toLowerCase())) types.push(type.toLowerCase());
    else check.issue(join('allowed_attachment_types', i), "a file extension without the dot, such as 'pdf' or 'xlsx'", type);
  });
  return [...new Set(types)];
}

/** Where a parser setting is set, for messages: the folder, and the environment variable that overrides it. */
export function parserSettingsFile(key: string): string {
  return `services/parser/*.yaml (${key}, or ORGO_PARSER__${key.toUpperCase()})`;
}

/** The parser's settings from an already loaded configuration; throws `CONFIG.INVALID` when they are not valid. */
export function parserSettingsFrom(services: Record<string, Record<string, unknown>>): ParserSettings {
  const issues: ValidationIssue[] = [];
  const settings = checkParserSettings(services.parser, parserSettingsFile, issues);
  if (issues.length > 0) throw new ValidationError('CONFIG.INVALID', issues, 'The parser settings are invalid');
  return settings;
}
