import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { loadConfig } from './load-config';
import { DEFAULT_NOTIFIER_SETTINGS, checkNotifierSettings, notifierSettingsFrom } from './notifier-settings-schema';

const EXAMPLE = path.resolve(__dirname, '../../../config');

const check = (raw: Record<string, unknown> | undefined, env: Record<string, string> = {}, security: Record<string, unknown> = {}) => {
  const issues: ValidationIssue[] = [];
  const settings = checkNotifierSettings(raw, { security, env, issues });
  return { settings, issues };
};

describe('checkNotifierSettings', () => {
  it('defaults to the file transport and the log SMS provider (nothing leaves the machine)', () => {
    const { settings, issues } = check(undefined);
    expect(issues).toEqual([]);
    expect(settings).toEqual(DEFAULT_NOTIFIER_SETTINGS);
    expect(settings).toMatchObject({ emailTransports: ['file'], smtp: null, sms: { provider: 'log' }, retryDelaysMs: [1000, 10_000, 60_000, 600_000], failFastOnPermanent: true, digestDailyAt: '08:00' });
  });

  it('reads the SMTP relay with its secret from the environment, and retry delays given as text', () => {
    const { settings, issues } = check(
      { email_transports: 'file,smtp', smtp: { host: 'mail.example.org', tls: 'starttls', auth: { user: 'orgo', secret: 'smtp_relay' } }, retry: { delays: '2s, 30s', permanent_failures: 'retry' } },
      { ORGO_NOTIFIER_SECRET_SMTP_RELAY: 's3cret' },
    );
    expect(issues).toEqual([]);
    expect(settings.emailTransports).toEqual(['file', 'smtp']);
    expect(settings.smtp).toMatchObject({ host: 'mail.example.org', port: 587, tls: 'starttls', auth: { user: 'orgo', secret: 'smtp_relay', password: 's3cret' }, maxConnections: 5 });
    expect(settings.retryDelaysMs).toEqual([2000, 30_000]);
    expect(settings.failFastOnPermanent).toBe(false);
  });

  it('takes the SMS webhook token from the security files', () => {
    const { settings, issues } = check({ sms: { provider: 'webhook', webhook: { url: 'https://sms.example/send', secret: 'sms_webhook' } } }, {}, { notifier: { secrets: { sms_webhook: 'tok' } } });
    expect(issues).toEqual([]);
    expect(settings.sms).toEqual({ provider: 'webhook', webhook: { url: 'https://sms.example/send', token: 'tok', timeoutMs: 10_000 } });
  });

  it('names the file, the key, what was expected and what to do for each problem', () => {
    const { issues } = check({
      email_transports: ['file', 'smpt'],
      smtp: { host: 'mail.example.org', tls: 'ssl', auth: { user: 'orgo', secret: 'smtp_relay' } },
      sms: { provider: 'webhook' },
      retry: { delays: ['soon'] },
      digest: { daily_at: '8am' },
      colour: 'blue',
    });
    const at = (path: string) => issues.find((i) => i.path === path);
    expect(at('colour')).toMatchObject({ file: expect.stringContaining('services/notifier/'), hint: 'remove it or fix its spelling' });
    expect(at('email_transports[1]')).toMatchObject({ expected: 'one of file, smtp', found: expect.stringContaining('smpt') });
    expect(at('smtp.tls')).toMatchObject({ expected: 'one of implicit, starttls, none' });
    expect(at('sms.webhook')).toMatchObject({ hint: expect.stringContaining('sms.webhook.url') });
    expect(at('retry.delays[0]')).toMatchObject({ expected: expect.stringContaining('duration') });
    expect(at('digest.daily_at')).toMatchObject({ expected: expect.stringContaining('HH:MM') });
  });

  it('asks for the SMTP password when smtp is on and its secret is not set anywhere', () => {
    const { issues } = check({ email_transports: ['smtp'], smtp: { host: 'mail.example.org', auth: { user: 'orgo', secret: 'smtp_relay' } } });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'smtp.auth.secret', found: expect.stringContaining('none set'), hint: expect.stringContaining('ORGO_NOTIFIER_SECRET_SMTP_RELAY') }),
    ]);
  });

  it('asks for a CA file that exists', () => {
    const { issues } = check({ email_transports: ['smtp'], smtp: { host: 'mail.example.org', tls_ca_file: '/nowhere/relay-ca.pem' } });
    expect(issues).toEqual([expect.objectContaining({ path: 'smtp.tls_ca_file', expected: 'a PEM file that exists', hint: expect.stringContaining('/nowhere/relay-ca.pem') })]);
  });

  it('asks for the relay when email_transports names smtp without one', () => {
    const { issues } = check({ email_transports: ['smtp'] });
    expect(issues).toEqual([expect.objectContaining({ path: 'smtp', hint: expect.stringContaining('add an smtp section') })]);
  });

  it('is checked when the configuration loads: the shipped file, with environment overrides naming the file', () => {
    expect(notifierSettingsFrom(loadConfig(EXAMPLE), {})).toEqual(DEFAULT_NOTIFIER_SETTINGS);
    const env = { ORGO_NOTIFIER__EMAIL_TRANSPORTS: 'file,smtp', ORGO_NOTIFIER__SMTP__HOST: 'mail.example.org', ORGO_NOTIFIER__SMTP__PORT: '99999' };
    let error: unknown;
    try {
      loadConfig(EXAMPLE, { env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ file: expect.stringContaining('services/notifier/'), path: 'smtp.port', expected: 'a whole number from 1 to 65535', found: '99999' }),
    ]);
    const config = loadConfig(EXAMPLE, { env: { ...env, ORGO_NOTIFIER__SMTP__PORT: '2525' } });
    expect(notifierSettingsFrom(config, {})).toMatchObject({ emailTransports: ['file', 'smtp'], smtp: { host: 'mail.example.org', port: 2525, tls: 'starttls' } });
  });
});
