import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ADMIN, ROOT, type Standalone, startStandalone, tempDir } from './support/standalone-process';
import { totp } from './support/totp';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const PASSWORD = 'Riverside-Signin-2026';

/** Waits until the TOTP step after the one `code` belongs to, so the next code is a fresh one. */
async function nextCode(secret: string, used: string): Promise<string> {
  while (totp(secret) === used) await new Promise((r) => setTimeout(r, 500));
  return totp(secret);
}

/** SPEC §7 / issue 11: MFA, lockout, rate limits, refresh rotation with reuse detection, logout, revocation, password policy, headers. */
describe('hardened sign-in (standalone)', () => {
  let orgo: Standalone;
  let admin: ApiClient;
  let anonymous: ApiClient;
  let n = 0;

  const login = (body: Record<string, unknown>) => anonymous.request('POST', '/api/v1/auth/login', body, false);
  const as = (token: string) => Object.assign(new ApiClient(orgo.url), { token });
  const newMember = async (extra: Record<string, unknown> = {}) => {
    const email = `signin-${++n}@riverside.example`;
    const res = await admin.request('POST', '/api/v1/users', { email, password: PASSWORD, organizations: ['riverside'], ...extra });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  };

  beforeAll(async () => {
    // A long first lock, so that "the 6th attempt is refused" does not depend on how fast argon2 runs here;
    // a generous sign-in limit, as this suite signs in far more often than anyone does.
    orgo = await startStandalone(CONFIG, tempDir('orgo-sign-in-'), undefined, {
      ORGO_API_GATEWAY__LOCKOUT__FIRST_DELAY_SECONDS: '60',
      ORGO_API_GATEWAY__RATE_LIMITS__SIGN_IN_PER_MINUTE: '1000',
    });
    anonymous = new ApiClient(orgo.url);
    admin = new ApiClient(orgo.url);
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  it('gives an administrator without a one-time code no token, and says the code is needed', async () => {
    const res = await login({ email: ADMIN.email, password: ADMIN.password });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: { code: 'AUTH.OTP_REQUIRED' } });
    expect(res.body.message).toMatch(/one-time code.*"otp"/);
    expect(res.body.access_token).toBeUndefined();
  });

  it('signs the administrator in with the computed RFC 6238 code of ORGO_ADMIN_TOTP_SECRET, and refuses the same code again (replay)', async () => {
    const otp = totp(ADMIN.totpSecret);
    const res = await login({ email: ADMIN.email, password: ADMIN.password, otp });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    admin.token = res.body.access_token;
    const again = await login({ email: ADMIN.email, password: ADMIN.password, otp });
    expect(again.status).toBe(401);
    expect(again.body.details.code).toBe('AUTH.OTP_INVALID');
    expect((await admin.get('/api/v1/auth/me')).body).toMatchObject({ email: ADMIN.email, role: 'admin', scope: null, permissions: [] });
  });

  it('sends security headers, no X-Powered-By, and Cache-Control: no-store on the API', async () => {
    const res = await admin.get('/api/v1/tasks');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const refused = await anonymous.request('GET', '/api/v1/tasks', undefined, false);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses a weak password with a message that says what to do', async () => {
    for (const password of ['Password1234', 'qwertyuiop123']) {
      const res = await admin.request('POST', '/api/v1/users', { email: `weak-${password.length}@riverside.example`, password, organizations: ['riverside'] });
      expect(res.status).toBe(400);
      expect(res.body.details.code).toBe('USER.WEAK_PASSWORD');
      expect(res.body.message).toMatch(/too easy to guess.*passphrase/);
    }
    const short = await admin.request('POST', '/api/v1/users', { email: 'short@riverside.example', password: 'Tr0ub4dor&3', organizations: ['riverside'] });
    expect(short.status).toBe(400);
  });

  it('refuses the 6th wrong password for an account (429 with Retry-After), the right one too while locked, and answers an unknown account the same way', async () => {
    const member = await newMember();
    for (const email of [member.email, 'nobody-here@riverside.example']) {
      for (let i = 1; i <= 5; i++) {
        const wrong = await login({ email, password: `Wrong-Guess-${i}-xyz` });
        expect({ attempt: i, status: wrong.status }).toEqual({ attempt: i, status: 401 });
        expect(wrong.body.message).toBe('Wrong email or password');
      }
      const sixth = await login({ email, password: 'Wrong-Guess-6-xyz' });
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(sixth.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', details: { code: 'AUTH.LOCKED' } });
      expect(sixth.body.message).toMatch(/wait \d+ s/);
    }
    const right = await login({ email: member.email, password: PASSWORD });
    expect(right.status).toBe(429);
  });

  it('rotates refresh tokens; a reused one fails and revokes the whole family, the newest token included', async () => {
    const member = await newMember();
    const first = (await login({ email: member.email, password: PASSWORD })).body;
    const second = await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: first.refresh_token }, false);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await as(second.body.access_token).get('/api/v1/auth/me')).status).toBe(200);

    const reused = await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: first.refresh_token }, false);
    expect(reused.status).toBe(401);
    expect(reused.body.details.code).toBe('AUTH.REFRESH_TOKEN_REUSED');
    expect(reused.body.message).toMatch(/used already.*revoked/);

    const newest = await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: second.body.refresh_token }, false);
    expect(newest.status).toBe(401);
    expect((await as(second.body.access_token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await as(first.access_token).get('/api/v1/auth/me')).status).toBe(401);
    // A refresh token is no access token, and an access token no refresh token.
    expect((await as(second.body.refresh_token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: second.body.access_token }, false)).status).toBe(401);
  });

  it('logout revokes the refresh and the access token of the sign-in, and no other', async () => {
    const member = await newMember();
    const kept = (await login({ email: member.email, password: PASSWORD })).body;
    const ended = (await login({ email: member.email, password: PASSWORD })).body;
    const client = as(ended.access_token);
    expect((await client.request('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
    expect((await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: ended.refresh_token }, false)).status).toBe(401);
    expect((await as(kept.access_token).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('stops the tokens of a disabled or deleted user at once', async () => {
    const disabled = await newMember();
    const deleted = await newMember();
    const a = (await login({ email: disabled.email, password: PASSWORD })).body;
    const b = (await login({ email: deleted.email, password: PASSWORD })).body;
    expect((await as(a.access_token).get('/api/v1/tasks')).status).toBe(200);
    expect((await as(b.access_token).get('/api/v1/tasks')).status).toBe(200);

    const patched = await admin.request('PATCH', `/api/v1/users/${disabled.id}`, { disabled: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ disabled: true });
    expect((await admin.request('DELETE', `/api/v1/users/${deleted.id}`)).status).toBe(204);

    expect((await as(a.access_token).get('/api/v1/tasks')).status).toBe(401);
    expect((await as(b.access_token).get('/api/v1/tasks')).status).toBe(401);
    expect((await anonymous.request('POST', '/api/v1/auth/refresh', { refresh_token: a.refresh_token }, false)).status).toBe(401);
    const signIn = await login({ email: disabled.email, password: PASSWORD });
    expect(signIn.status).toBe(401);
    expect(signIn.body.details.code).toBe('AUTH.USER_DISABLED');
    expect((await admin.request('PATCH', `/api/v1/users/${deleted.id}`, { disabled: true })).status).toBe(404);
  });

  it('grants privacy_officer (the holder signs in again, with MFA), never to oneself, and requires MFA of a privacy officer', async () => {
    const member = await newMember();
    const token = (await login({ email: member.email, password: PASSWORD })).body.access_token;
    const granted = await admin.request('PATCH', `/api/v1/users/${member.id}`, { privacy_officer: true });
    expect(granted.body).toMatchObject({ permissions: ['privacy_officer'], privacy_officer: true, mfa_required: true, mfa_enabled: false });
    // The session opened without a second factor does not get the new power: it ends, and the next sign-in enrols MFA.
    expect((await as(token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await login({ email: member.email, password: PASSWORD })).body.details).toMatchObject({ code: 'AUTH.MFA_ENROLMENT_REQUIRED' });
    const me = (await admin.get('/api/v1/auth/me')).body;
    const self = await admin.request('PATCH', `/api/v1/users/${me.id}`, { privacy_officer: true });
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/own permissions/);

    const officer = await newMember({ privacy_officer: true });
    const step = await login({ email: officer.email, password: PASSWORD });
    expect(step.status).toBe(403);
    expect(step.body.details).toMatchObject({ code: 'AUTH.MFA_ENROLMENT_REQUIRED', enrolment_token: expect.any(String) });
    expect(step.body.access_token).toBeUndefined();
    const listed = (await admin.get('/api/v1/users')).body.items.find((u: { id: string }) => u.id === officer.id);
    expect(listed).toMatchObject({ permissions: ['privacy_officer'], mfa_required: true });
    expect(JSON.stringify(listed)).not.toMatch(/hash|secret/i);
  });

  it('lets a member enrol MFA (QR code, recovery codes), then needs a code; a recovery code works once', async () => {
    const member = await newMember();
    const client = as((await login({ email: member.email, password: PASSWORD })).body.access_token);
    const enrolment = await client.request('POST', '/api/v1/auth/mfa/enroll');
    expect(enrolment.status).toBe(201);
    expect(enrolment.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Orgo:signin-\d+%40riverside\.example\?secret=[A-Z2-7]+&issuer=Orgo/);
    expect(enrolment.body.qr_code).toMatch(/^data:image\/png;base64,/);
    expect((await client.request('POST', '/api/v1/auth/mfa/confirm', { otp: '000000' })).status).toBe(401);
    const confirmed = await client.request('POST', '/api/v1/auth/mfa/confirm', { otp: totp(enrolment.body.secret) });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recovery_codes;
    expect(codes).toHaveLength(10);

    expect((await login({ email: member.email, password: PASSWORD })).body.details.code).toBe('AUTH.OTP_REQUIRED');
    expect((await login({ email: member.email, password: PASSWORD, otp: codes[0] })).status).toBe(200);
    const spent = await login({ email: member.email, password: PASSWORD, otp: codes[0] });
    expect(spent.status).toBe(401);
    expect(spent.body.details.code).toBe('AUTH.OTP_INVALID');
    expect((await client.request('DELETE', '/api/v1/auth/mfa', { otp: codes[1] })).status).toBe(204);
    expect((await login({ email: member.email, password: PASSWORD })).status).toBe(200);
  });

  it('records security audit events, with no password, code or token in them', async () => {
    const entries = await eventually(
      async () => (await admin.get('/api/v1/audit?action=security.*&limit=500')).body.items ?? [],
      (items: { action: string }[]) => ['security.login.failed', 'security.login.locked', 'security.login.succeeded', 'security.refresh.reuse_detected', 'security.logout', 'security.mfa.enrolled', 'security.mfa.recovery_code_used', 'security.mfa.disabled', 'security.user.changed', 'security.user.deleted'].every((a) => items.some((i) => i.action === a)),
      { what: 'the security audit events' },
    );
    const text = JSON.stringify(entries);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });
});

describe('rate limits and the MFA enrolment step (standalone, no ORGO_ADMIN_TOTP_SECRET)', () => {
  let orgo: Standalone;
  let anonymous: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, tempDir('orgo-sign-in-limits-'), undefined, {
      ORGO_ADMIN_TOTP_SECRET: '',
      ORGO_API_GATEWAY__RATE_LIMITS__SIGN_IN_PER_MINUTE: '5',
      ORGO_API_GATEWAY__RATE_LIMITS__USER_PER_MINUTE: '8',
    });
    anonymous = new ApiClient(orgo.url);
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  it('says at start how the administrator enrols, and gives their first sign-in an enrolment step instead of a token', async () => {
    expect(orgo.output()).toMatch(/MFA .*enrolment_token.*\/api\/v1\/auth\/mfa\/enroll/);
    const step = await anonymous.request('POST', '/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password }, false);
    expect(step.status).toBe(403);
    expect(step.body.details.code).toBe('AUTH.MFA_ENROLMENT_REQUIRED');
    expect(step.body.access_token).toBeUndefined();
    const enrolling = Object.assign(new ApiClient(orgo.url), { token: step.body.details.enrolment_token });
    const refused = await enrolling.get('/api/v1/tasks');
    expect(refused.status).toBe(403);
    expect(refused.body.details.code).toBe('AUTH.MFA_ENROLMENT_REQUIRED');

    const enrolment = await enrolling.request('POST', '/api/v1/auth/mfa/enroll');
    expect(enrolment.status).toBe(201);
    const otp = totp(enrolment.body.secret);
    const confirmed = await enrolling.request('POST', '/api/v1/auth/mfa/confirm', { otp });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ recovery_codes: expect.any(Array), access_token: expect.any(String), refresh_token: expect.any(String) });
    admin = Object.assign(new ApiClient(orgo.url), { token: confirmed.body.access_token });
    expect((await admin.get('/api/v1/auth/me')).body.role).toBe('admin');
    // The enrolment token is spent: MFA is on now.
    expect((await enrolling.request('POST', '/api/v1/auth/mfa/enroll')).status).toBe(401);
    // An administrator cannot switch MFA off.
    const off = await admin.request('DELETE', '/api/v1/auth/mfa', { otp: await nextCode(enrolment.body.secret, otp) });
    expect(off.status).toBe(403);
    expect(off.body.details.code).toBe('AUTH.MFA_REQUIRED');
  });

  it('answers 429 with Retry-After past the sign-in limit per address and the limit per user, never on health', async () => {
    let limited;
    for (let i = 0; i < 8 && !limited; i++) {
      const res = await anonymous.request('POST', '/api/v1/auth/login', { email: 'nobody@riverside.example', password: `Guess-number-${i}-abc` }, false);
      if (res.status === 429 && res.body.details?.code !== 'AUTH.LOCKED') limited = res;
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited!.body.message).toMatch(/Too many requests from this address \(at most 5 a minute\): wait \d+ s/);

    let userLimited;
    for (let i = 0; i < 12 && !userLimited; i++) {
      const res = await admin.get('/api/v1/auth/me');
      if (res.status === 429) userLimited = res;
    }
    expect(userLimited).toBeDefined();
    expect(Number(userLimited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(userLimited!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/from this user \(at most 8 a minute\)/) });

    for (let i = 0; i < 30; i++) expect((await fetch(`${orgo.url}/health/live`)).status).toBe(200);
  });
});
