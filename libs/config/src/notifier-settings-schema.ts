import fs from 'node:fs';
import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { Checker, join } from './checker';

/** How the connection to the SMTP relay is protected: TLS from the first byte, STARTTLS required, or none. */
export type SmtpTlsMode = 'implicit' | 'starttls' | 'none';

export interface SmtpRelaySettings {
  host: string;
  port: number;
  tls: SmtpTlsMode;
  /** PEM file of the certificate authority to trust (a private CA or a self-signed relay). */
  tlsCaFile: string | null;
  /** Login, with the secret's value resolved from the environment or the security files. */
  auth: { user: string; secret: string; password: string } | null;
  /** Connections kept open to the relay (pooled). */
  maxConnections: number;
  /** Connecting, greeting and each command may take this long. */
  timeoutMs: number;
}

export interface SmsWebhookSettings {
  url: string;
  /** Bearer token sent as `Authorization: Bearer …`, resolved from the secret; null when none is named. */
  token: string | null;
  timeoutMs: number;
}

/** The notifier's validated settings (`config/services/notifier/*.yaml`, SPEC §6 Notifications). */
export interface NotifierSettings {
  /** The sender of every mail; null: `"<organization> via Orgo" <the role address the task came from>`. */
  from: string | null;
  /** Email transports: `file` writes `<home>/outbox/*.eml`, `smtp` sends through the relay; both may be on. */
  emailTransports: ('file' | 'smtp')[];
  smtp: SmtpRelaySettings | null;
  sms: { provider: 'log' | 'webhook'; webhook: SmsWebhookSettings | null };
  /** Delay before each retry of a failed delivery; when they are spent the failure is final. */
  retryDelaysMs: number[];
  /** A permanent refusal (SMTP 5xx, webhook 4xx) fails at once instead of spending the retries. */
  failFastOnPermanent: boolean;
  /** `HH:MM` (organization time zone) when daily digests leave. */
  digestDailyAt: string;
}

export const DEFAULT_NOTIFIER_SETTINGS: NotifierSettings = {
  from: null,
  emailTransports: ['file'],
  smtp: null,
  sms: { provider: 'log', webhook: null },
  retryDelaysMs: [1000, 10_000, 60_000, 600_000],
  failFastOnPermanent: true,
  digestDailyAt: '08:00',
};

export const NOTIFIER_SETTING_KEYS = ['from', 'email_transports', 'smtp', 'sms', 'retry', 'digest'] as const;
const SMTP_KEYS = ['host', 'port', 'tls', 'tls_ca_file', 'auth', 'max_connections', 'timeout'];
const DAILY_AT = /^([01]\d|2[0-3]):[0-5]\d$/;
const SECRET_NAME = /^[a-z][a-z0-9_]*$/;
const SECRET_EXPECTED = 'the name of a secret in snake_case (its value comes from the environment or a security file)';

/** Environment variable that holds the notifier secret `name` (`ORGO_NOTIFIER_SECRET_<NAME>`). */
export function notifierSecretEnvName(name: string): string {
  return `ORGO_NOTIFIER_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** A notifier secret: the environment variable `ORGO_NOTIFIER_SECRET_<NAME>`, else `notifier.secrets.<name>` of the security files. */
export function resolveNotifierSecret(name: string, security: Record<string, unknown>, env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env[notifierSecretEnvName(name)];
  if (fromEnv) return fromEnv;
  const value = (security.notifier as { secrets?: Record<string, unknown> } | undefined)?.secrets?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Where a notifier setting is set, for messages: the folder, and the environment variable that overrides it. */
export function notifierSettingsFile(key: string): string {
  return `services/notifier/*.yaml (${key}, or ORGO_NOTIFIER__${key.toUpperCase()}__…)`;
}

export interface NotifierSettingsContext {
  security: Record<string, unknown>;
  env: Record<string, string | undefined>;
  issues: ValidationIssue[];
  /** Where each key is set, for messages (default: `notifierSettingsFile`). */
  file?: (key: string) => string;
}

/**
 * Validates the notifier's settings (`services/notifier/*.yaml`, merged, after environment overrides
 * such as `ORGO_NOTIFIER__SMTP__HOST=mail.example` or `ORGO_NOTIFIER__EMAIL_TRANSPORTS=file,smtp`).
 * Every problem becomes an issue naming the file and the key; absent keys take the defaults (file
 * transport only, SMS to the log: nothing leaves the machine). Secrets are resolved, never logged.
 */
export function checkNotifierSettings(raw: Record<string, unknown> | undefined, ctx: NotifierSettingsContext): NotifierSettings {
  const settings: NotifierSettings = { ...DEFAULT_NOTIFIER_SETTINGS, sms: { ...DEFAULT_NOTIFIER_SETTINGS.sms } };
  if (raw === undefined || raw === null) return settings;
  const file = ctx.file ?? notifierSettingsFile;
  const at = (key: string) => new Checker(file(key), ctx.issues);
  for (const key of Object.keys(raw)) {
    if (!(NOTIFIER_SETTING_KEYS as readonly string[]).includes(key)) at(key).issue(key, `one of the keys ${NOTIFIER_SETTING_KEYS.join(', ')}`, key, 'remove it or fix its spelling');
  }
  if (raw.from !== undefined && raw.from !== null) {
    settings.from = at('from').string(raw.from, 'from', { pattern: /@/, expected: "a sender such as 'Orgo <orgo@school.example>' or orgo@school.example" }) ?? null;
  }
  if (raw.email_transports !== undefined) settings.emailTransports = transports(raw.email_transports, at('email_transports'));
  if (raw.smtp !== undefined && raw.smtp !== null) settings.smtp = smtp(raw.smtp, at('smtp'), ctx, settings.emailTransports.includes('smtp'));
  if (settings.emailTransports.includes('smtp') && !settings.smtp && raw.smtp === undefined) {
    at('smtp').issue('smtp', 'the SMTP relay (smtp.host at least) because email_transports names smtp', undefined, 'add an smtp section or remove smtp from email_transports');
  }
  if (raw.sms !== undefined && raw.sms !== null) settings.sms = sms(raw.sms, at('sms'), ctx);
  if (raw.retry !== undefined && raw.retry !== null) {
    const check = at('retry');
    const retry = check.object(raw.retry, 'retry', ['delays', 'permanent_failures']);
    if (retry) {
      const delays = typeof retry.delays === 'string' ? retry.delays.split(',').map((d) => d.trim()) : check.list(retry.delays, 'retry.delays');
      if (delays) settings.retryDelaysMs = delays.map((d, i) => check.duration(d, join('retry.delays', i), 1000, 100));
      const permanent = check.oneOf(retry.permanent_failures, 'retry.permanent_failures', ['fail_fast', 'retry'] as const);
      if (permanent) settings.failFastOnPermanent = permanent === 'fail_fast';
    }
  }
  if (raw.digest !== undefined && raw.digest !== null) {
    const check = at('digest');
    const digest = check.object(raw.digest, 'digest', ['daily_at']);
    const dailyAt = digest ? check.string(digest.daily_at, 'digest.daily_at', { pattern: DAILY_AT, expected: "a time 'HH:MM' on a 24-hour clock such as '08:00' (quote it)" }) : undefined;
    if (dailyAt) settings.digestDailyAt = dailyAt;
  }
  return settings;
}

function transports(value: unknown, check: Checker): NotifierSettings['emailTransports'] {
  const list = typeof value === 'string' ? value.split(',').map((t) => t.trim()).filter(Boolean) : check.list(value, 'email_transports');
  if (!list) return DEFAULT_NOTIFIER_SETTINGS.emailTransports;
  const found: NotifierSettings['emailTransports'] = [];
  list.forEach((t, i) => {
    const name = check.oneOf(t, join('email_transports', i), ['file', 'smtp'] as const);
    if (name && !found.includes(name)) found.push(name);
  });
  return found;
}

function smtp(raw: unknown, check: Checker, ctx: NotifierSettingsContext, enabled: boolean): SmtpRelaySettings | null {
  const obj = check.object(raw, 'smtp', SMTP_KEYS, ['host']);
  if (!obj) return null;
  const host = check.string(obj.host, 'smtp.host', { required: true, expected: 'the SMTP relay host name' });
  const tls = check.oneOf(obj.tls, 'smtp.tls', ['implicit', 'starttls', 'none'] as const) ?? 'starttls';
  const port = check.integer(obj.port, 'smtp.port', tls === 'implicit' ? 465 : 587, 1, 65535);
  const tlsCaFile = obj.tls_ca_file === undefined || obj.tls_ca_file === null ? null : (check.string(obj.tls_ca_file, 'smtp.tls_ca_file', { expected: 'the path of a PEM file' }) ?? null);
  if (tlsCaFile && enabled && !fs.existsSync(tlsCaFile)) {
    check.issue('smtp.tls_ca_file', 'a PEM file that exists', tlsCaFile, `no file at ${path.resolve(tlsCaFile)}; give an absolute path or one relative to where Orgo starts`);
  }
  const maxConnections = check.integer(obj.max_connections, 'smtp.max_connections', 5, 1, 100);
  const timeoutMs = check.duration(obj.timeout, 'smtp.timeout', 30_000, 1000);
  let auth: SmtpRelaySettings['auth'] = null;
  if (obj.auth !== undefined && obj.auth !== null) {
    const a = check.object(obj.auth, 'smtp.auth', ['user', 'secret'], ['user', 'secret']);
    const user = a ? check.string(a.user, 'smtp.auth.user', { required: true, expected: 'the login name' }) : undefined;
    const secret = a ? check.string(a.secret, 'smtp.auth.secret', { required: true, pattern: SECRET_NAME, expected: SECRET_EXPECTED }) : undefined;
    const password = secret ? resolveNotifierSecret(secret, ctx.security, ctx.env) : undefined;
    if (secret && password === undefined && enabled) {
      check.issue('smtp.auth.secret', `a password for the secret '${secret}'`, 'none set', `set the environment variable ${notifierSecretEnvName(secret)} or notifier.secrets.${secret} in config/security/<file>.yaml`);
    }
    if (user && secret) auth = { user, secret, password: password ?? '' };
  }
  return host ? { host, port, tls, tlsCaFile, auth, maxConnections, timeoutMs } : null;
}

function sms(raw: unknown, check: Checker, ctx: NotifierSettingsContext): NotifierSettings['sms'] {
  const settings: NotifierSettings['sms'] = { provider: 'log', webhook: null };
  const obj = check.object(raw, 'sms', ['provider', 'webhook']);
  if (!obj) return settings;
  settings.provider = check.oneOf(obj.provider, 'sms.provider', ['log', 'webhook'] as const) ?? 'log';
  if (obj.webhook !== undefined && obj.webhook !== null) {
    const w = check.object(obj.webhook, 'sms.webhook', ['url', 'secret', 'timeout'], ['url']);
    const url = w ? check.string(w.url, 'sms.webhook.url', { required: true, pattern: /^https?:\/\/\S+$/, expected: 'the provider URL, such as https://sms.example/api/send' }) : undefined;
    const secret = w?.secret === undefined || w.secret === null ? undefined : check.string(w.secret, 'sms.webhook.secret', { pattern: SECRET_NAME, expected: SECRET_EXPECTED });
    const token = secret ? resolveNotifierSecret(secret, ctx.security, ctx.env) : undefined;
    if (secret && token === undefined && settings.provider === 'webhook') {
      check.issue('sms.webhook.secret', `a bearer token for the secret '${secret}'`, 'none set', `set the environment variable ${notifierSecretEnvName(secret)} or notifier.secrets.${secret} in config/security/<file>.yaml`);
    }
    const timeoutMs = w ? check.duration(w.timeout, 'sms.webhook.timeout', 10_000, 100) : 10_000;
    if (url) settings.webhook = { url, token: token ?? null, timeoutMs };
  }
  if (settings.provider === 'webhook' && !settings.webhook && obj.webhook === undefined) {
    check.issue('sms.webhook', 'the webhook (url at least) because sms.provider is webhook', undefined, 'add sms.webhook.url or set sms.provider: log');
  }
  return settings;
}

/** The notifier's settings from an already loaded configuration; throws `CONFIG.INVALID` when they are not valid. */
export function notifierSettingsFrom(config: { services: Record<string, Record<string, unknown>>; security: Record<string, unknown> }, env: Record<string, string | undefined>): NotifierSettings {
  const issues: ValidationIssue[] = [];
  const settings = checkNotifierSettings(config.services.notifier, { security: config.security, env, issues });
  if (issues.length > 0) throw new ValidationError('CONFIG.INVALID', issues, 'The notifier settings are invalid');
  return settings;
}

