import { ApiClient } from './api-client';
import { totp } from './totp';

/** A password that passes the sign-in policy (long, not a dictionary phrase). */
const PASSWORD = 'Quartz-Lantern-Fjord-83';

/** Adds a member (an administrator's call) and returns a client signed in as them. */
export async function createMember(admin: ApiClient, url: string, email: string, organizations: string[]): Promise<ApiClient> {
  const created = await admin.request('POST', '/api/v1/users', { email, password: PASSWORD, organizations });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const client = new ApiClient(url);
  await client.login({ email, password: PASSWORD });
  return client;
}

/**
 * Adds a member with the privacy_officer permission and signs them in as a person would: the first
 * sign-in answers an enrolment step, the officer enrols a TOTP authenticator and confirms it with a
 * code, which gives the tokens.
 */
export async function signInPrivacyOfficer(admin: ApiClient, url: string, email: string, organizations: string[]): Promise<ApiClient & { credentials: { email: string; password: string; totpSecret: string } }> {
  const created = await admin.request('POST', '/api/v1/users', { email, password: PASSWORD, organizations, privacy_officer: true });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const client = new ApiClient(url);
  const step = await client.request('POST', '/api/v1/auth/login', { email, password: PASSWORD }, false);
  const enrolmentToken = step.body?.details?.enrolment_token;
  if (!enrolmentToken) throw new Error(`no enrolment step for ${email}: ${step.status} ${JSON.stringify(step.body)}`);
  client.token = enrolmentToken;
  const enrolment = await client.request('POST', '/api/v1/auth/mfa/enroll');
  const confirmed = await client.request('POST', '/api/v1/auth/mfa/confirm', { otp: totp(enrolment.body.secret) });
  if (confirmed.status !== 200) throw new Error(`MFA confirmation for ${email} failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  client.token = confirmed.body.access_token;
  return Object.assign(client, { credentials: { email, password: PASSWORD, totpSecret: enrolment.body.secret as string } });
}
