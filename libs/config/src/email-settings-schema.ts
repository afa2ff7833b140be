import { type OrganizationModel, type ValidationIssue, tryParseDuration } from '@orgo/domain';

import { Checker, EMAIL, join } from './checker';
import { refusePop3Settings } from './email-settings-pop3';

/** How a mailbox connection is protected: TLS from the first byte, STARTTLS required, or none. */
export type ImapTlsMode = 'implicit' | 'starttls' | 'none';

/** What happens to a message in the server's folder once Orgo has accepted it. */
export type ProcessedAction = { action: 'move'; folder: string } | { action: 'flag'; flag: string };

export interface ImapMailboxSettings {
  /** The role address the mail in this mailbox is for (lower case). */
  address: string;
  /** Organization slug: given, or derived from the role that owns the address. */
  organization: string | null;
  host: string;
  port: number;
  tls: ImapTlsMode;
  /** PEM file of the certificate authority to trust (a private CA or a self-signed server). */
  tlsCaFile: string | null;
  auth: { user: string; method: 'password' | 'xoauth2'; secret: string };
  folder: string;
  processed: ProcessedAction;
  pollIntervalMs: number;
  idle: boolean;
}

export interface ImapSettings {
  enabled: boolean;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  mailboxes: ImapMailboxSettings[];
}

export interface SmtpIntakeSettings {
  enabled: boolean;
  host: string;
  port: number;
  /** Largest accepted message in bytes (announced with SIZE and enforced). */
  sizeLimit: number;
  /** STARTTLS is offered when both files are set. */
  starttls: { certFile: string; keyFile: string } | null;
  /** The role addresses mail is accepted for (every organization's roles): nothing else is relayed. */
  acceptedAddresses: string[];
}

/**
 * The validated `config/services/email/*.yaml`: IMAP mailboxes and the optional SMTP listener.
 * No POP3: a `pop3` key is refused (docs/adr/0014-pop3.md).
 */
export interface EmailSettings {
  imap: ImapSettings;
  smtp: SmtpIntakeSettings;
}

/** Environment variable that holds the secret named `name` (`ORGO_EMAIL_SECRET_<NAME>`). */
export function emailSecretEnvName(name: string): string {
  return `ORGO_EMAIL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The password or access token a mailbox names in `auth.secret`: the environment variable
 * `ORGO_EMAIL_SECRET_<NAME>`, else `email.secrets.<name>` of the security files. Never logged.
 */
export function resolveEmailSecret(
  name: string,
  security: Record<string, unknown>,
  env: Record<string, string | undefined>,
): string | undefined {
  const fromEnv = env[emailSecretEnvName(name)];
  if (fromEnv) return fromEnv;
  const secrets = (security.email as { secrets?: Record<string, unknown> } | undefined)?.secrets;
  const value = secrets?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export interface EmailSettingsContext {
  /** The files that set `imap`, `smtp` and a refused `pop3`, for messages (`services/email/email.yaml`). */
  files: { imap: string; smtp: string; pop3?: string };
  organizations: OrganizationModel[];
  security: Record<string, unknown>;
  env: Record<string, string | undefined>;
  issues: ValidationIssue[];
}

const IMAP_KEYS = ['enabled', 'reconnect', 'mailboxes'];
const MAILBOX_KEYS = ['address', 'organization', 'host', 'port', 'tls', 'tls_ca_file', 'auth', 'folder', 'processed', 'poll_interval', 'idle'];
const SMTP_KEYS = ['enabled', 'host', 'port', 'size_limit', 'starttls'];
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const FLAG = /^(\\[A-Za-z]+|[^\s\\()\]{%*"]+)$/;

/**
 * Validates the email-gateway's settings (`services/email/*.yaml`, merged, after environment
 * overrides). Every problem becomes an issue naming the file and the key; secrets are only checked
 * to exist (when IMAP is enabled), never copied into the settings.
 */
export function checkEmailSettings(raw: Record<string, unknown> | undefined, ctx: EmailSettingsContext): EmailSettings {
  const roleAddresses = ctx.organizations.flatMap((o) => o.roles.flatMap((r) => r.addresses));
  const pop3File = ctx.files.pop3 ?? 'services/email/ (pop3, or ORGO_EMAIL__POP3__…)';
  refusePop3Settings(raw?.pop3, new Checker(pop3File, ctx.issues));
  return {
    imap: checkImap(raw?.imap, new Checker(ctx.files.imap, ctx.issues), ctx),
    smtp: checkSmtp(raw?.smtp, new Checker(ctx.files.smtp, ctx.issues), [...new Set(roleAddresses)].sort()),
  };
}

function checkImap(raw: unknown, check: Checker, ctx: EmailSettingsContext): ImapSettings {
  const settings: ImapSettings = { enabled: false, reconnect: { initialDelayMs: 1000, maxDelayMs: 5 * 60_000 }, mailboxes: [] };
  if (raw === undefined || raw === null) return settings;
  const obj = check.object(raw, 'imap', IMAP_KEYS);
  if (!obj) return settings;
  settings.enabled = bool(check, obj.enabled, 'imap.enabled', false);
  if (obj.reconnect !== undefined) {
    const r = check.object(obj.reconnect, 'imap.reconnect', ['initial_delay', 'max_delay']);
    if (r) {
      settings.reconnect.initialDelayMs = duration(check, r.initial_delay, 'imap.reconnect.initial_delay', 1000, 100);
      settings.reconnect.maxDelayMs = duration(check, r.max_delay, 'imap.reconnect.max_delay', 5 * 60_000, 1000);
      if (settings.reconnect.maxDelayMs < settings.reconnect.initialDelayMs) {
        check.issue('imap.reconnect.max_delay', 'a delay at least as long as initial_delay', r.max_delay);
      }
    }
  }
  const list = check.list(obj.mailboxes, 'imap.mailboxes', false) ?? [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const mailbox = checkMailbox(item, join('imap.mailboxes', i), check, ctx, settings.enabled);
    if (!mailbox) return;
    const key = `${mailbox.address} ${mailbox.host} ${mailbox.folder}`;
    if (seen.has(key)) check.issue(join(join('imap.mailboxes', i), 'address'), 'each mailbox listed once', mailbox.address, 'the same address, host and folder is already listed');
    seen.add(key);
    settings.mailboxes.push(mailbox);
  });
  return settings;
}

function checkMailbox(raw: unknown, at: string, check: Checker, ctx: EmailSettingsContext, enabled: boolean): ImapMailboxSettings | undefined {
  const obj = check.object(raw, at, MAILBOX_KEYS, ['address', 'host', 'auth']);
  if (!obj) return undefined;
  const address = check.string(obj.address, join(at, 'address'), { required: true, pattern: EMAIL, expected: 'a role address such as maintenance@school.example' })?.toLowerCase();
  const host = check.string(obj.host, join(at, 'host'), { required: true, expected: 'the IMAP server host name' });
  const tls = check.oneOf(obj.tls, join(at, 'tls'), ['implicit', 'starttls', 'none'] as const) ?? 'implicit';
  const port = integer(check, obj.port, join(at, 'port'), tls === 'implicit' ? 993 : 143, 1, 65535);
  const tlsCaFile = obj.tls_ca_file === undefined ? null : (check.string(obj.tls_ca_file, join(at, 'tls_ca_file'), { expected: 'the path of a PEM file' }) ?? null);
  const organization = mailboxOrganization(obj.organization, address, join(at, 'organization'), check, ctx.organizations);
  const auth = checkAuth(obj.auth, join(at, 'auth'), check, ctx, enabled);
  const folder = obj.folder === undefined ? 'INBOX' : check.string(obj.folder, join(at, 'folder'), { expected: 'a folder name such as INBOX' });
  const processed = checkProcessed(obj.processed, join(at, 'processed'), check);
  const pollIntervalMs = duration(check, obj.poll_interval, join(at, 'poll_interval'), 60_000, 1000);
  const idle = bool(check, obj.idle, join(at, 'idle'), true);
  if (!address || !host || !auth || !folder || !processed) return undefined;
  if (processed.action === 'move' && processed.folder === folder) check.issue(join(at, 'processed.folder'), 'a folder other than the one read', processed.folder);
  return { address, organization, host, port, tls, tlsCaFile, auth, folder, processed, pollIntervalMs, idle };
}

function mailboxOrganization(value: unknown, address: string | undefined, at: string, check: Checker, organizations: OrganizationModel[]): string | null {
  const slugs = organizations.map((o) => o.slug);
  const owner = address ? organizations.find((o) => o.roles.some((r) => r.addresses.includes(address))) : undefined;
  if (value !== undefined && value !== null) {
    const named = check.oneOf(value, at, slugs) ?? null;
    // Mail to a role address belongs to the organization whose role owns it, whatever this file says.
    if (named && owner && named !== owner.slug) {
      check.issue(at, `'${owner.slug}' (the organization whose role owns ${address}) or no organization key`, named, `remove the key or correct it`);
      return null;
    }
    return named;
  }
  if (!address) return null;
  if (owner) return owner.slug;
  const domain = address.split('@')[1];
  const byDomain = organizations.filter((o) => o.roles.some((r) => r.addresses.some((a) => a.endsWith(`@${domain}`))));
  if (byDomain.length === 1) return byDomain[0].slug;
  if (organizations.length === 1) return organizations[0].slug;
  check.issue(at, `the organization of this mailbox (one of ${slugs.join(', ')})`, value, `no role owns ${address}: name the organization`);
  return null;
}

function checkAuth(raw: unknown, at: string, check: Checker, ctx: EmailSettingsContext, enabled: boolean): ImapMailboxSettings['auth'] | undefined {
  const obj = check.object(raw, at, ['user', 'method', 'secret'], ['user', 'secret']);
  if (!obj) return undefined;
  const user = check.string(obj.user, join(at, 'user'), { required: true, expected: 'the login name' });
  const method = check.oneOf(obj.method, join(at, 'method'), ['password', 'xoauth2'] as const) ?? 'password';
  const secret = check.string(obj.secret, join(at, 'secret'), {
    required: true,
    pattern: /^[a-z][a-z0-9_]*$/,
    expected: 'the name of a secret in snake_case (its value comes from the environment or a security file)',
  });
  if (!user || !secret) return undefined;
  if (enabled && resolveEmailSecret(secret, ctx.security, ctx.env) === undefined) {
    check.issue(
      join(at, 'secret'),
      `a ${method === 'xoauth2' ? 'access token' : 'password'} for the secret '${secret}'`,
      'none set',
      `set the environment variable ${emailSecretEnvName(secret)} or email.secrets.${secret} in config/security/<file>.yaml`,
    );
  }
  return { user, method, secret };
}

function checkProcessed(raw: unknown, at: string, check: Checker): ProcessedAction | undefined {
  if (raw === undefined || raw === null) return { action: 'move', folder: 'Processed' };
  const obj = check.object(raw, at, ['action', 'folder', 'flag'], ['action']);
  if (!obj) return undefined;
  const action = check.oneOf(obj.action, join(at, 'action'), ['move', 'flag'] as const, true);
  if (action === 'move') {
    if (obj.flag !== undefined) check.issue(join(at, 'flag'), 'no flag with action move (use folder)', obj.flag);
    const folder = obj.folder === undefined ? 'Processed' : check.string(obj.folder, join(at, 'folder'), { expected: 'a folder name such as Processed' });
    return folder ? { action, folder } : undefined;
  }
  if (action === 'flag') {
    if (obj.folder !== undefined) check.issue(join(at, 'folder'), 'no folder with action flag (use flag)', obj.folder);
    const flag = obj.flag === undefined ? '$OrgoProcessed' : check.string(obj.flag, join(at, 'flag'), { pattern: FLAG, expected: "an IMAP flag or keyword such as '\\Seen' or '$OrgoProcessed'" });
    return flag ? { action, flag } : undefined;
  }
  return undefined;
}

function checkSmtp(raw: unknown, check: Checker, acceptedAddresses: string[]): SmtpIntakeSettings {
  const settings: SmtpIntakeSettings = { enabled: false, host: '127.0.0.1', port: 2525, sizeLimit: 25 * 1024 ** 2, starttls: null, acceptedAddresses };
  if (raw === undefined || raw === null) return settings;
  const obj = check.object(raw, 'smtp', SMTP_KEYS);
  if (!obj) return settings;
  settings.enabled = bool(check, obj.enabled, 'smtp.enabled', false);
  if (obj.host !== undefined) settings.host = check.string(obj.host, 'smtp.host', { expected: 'the address to listen on, such as 0.0.0.0' }) ?? settings.host;
  settings.port = integer(check, obj.port, 'smtp.port', settings.port, 1, 65535);
  settings.sizeLimit = size(check, obj.size_limit, 'smtp.size_limit', settings.sizeLimit);
  if (obj.starttls !== undefined && obj.starttls !== null) {
    const t = check.object(obj.starttls, 'smtp.starttls', ['cert_file', 'key_file']);
    const certFile = t && check.string(t.cert_file, 'smtp.starttls.cert_file', { required: true, expected: 'the path of the PEM certificate' });
    const keyFile = t && check.string(t.key_file, 'smtp.starttls.key_file', { required: true, expected: 'the path of the PEM private key' });
    if (certFile && keyFile) settings.starttls = { certFile, keyFile };
  }
  if (settings.enabled && acceptedAddresses.length === 0) check.issue('smtp.enabled', 'role addresses to accept mail for (no organization has any)', true);
  return settings;
}

function bool(check: Checker, value: unknown, at: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  check.issue(at, 'true or false', value);
  return fallback;
}

function integer(check: Checker, value: unknown, at: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  check.issue(at, `a whole number from ${min} to ${max}`, value);
  return fallback;
}

function duration(check: Checker, value: unknown, at: string, fallback: number, minMs: number): number {
  if (value === undefined || value === null) return fallback;
  const ms = tryParseDuration(value);
  if (ms !== undefined && ms >= minMs) return ms;
  check.issue(at, `a duration of at least ${minMs} ms such as '30 seconds' or '5m'`, value);
  return fallback;
}

function size(check: Checker, value: unknown, at: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const match = typeof value === 'number' ? [String(value), String(value), 'b'] : typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]) : NaN;
  if (Number.isFinite(bytes) && bytes >= 1024) return bytes;
  check.issue(at, "a size of at least 1 KB such as '25 MB' or 10485760 (bytes)", value);
  return fallback;
}
