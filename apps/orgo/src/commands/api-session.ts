import { currentTotpCode } from './one-time-code';
import { failWith } from './fail';

/**
 * A signed-in session against a running Orgo API, for admin commands that act on the live system
 * (either shape): `--url` (default `ORGO_URL` or http://127.0.0.1:3000), a token from `ORGO_TOKEN`,
 * else a login with `ORGO_ADMIN_EMAIL` / `ORGO_ADMIN_PASSWORD` and a one-time code: `ORGO_OTP`, else the
 * current code of `ORGO_ADMIN_TOTP_SECRET`.
 */
export async function apiSession(url: string, env: Record<string, string | undefined>) {
  let token = env.ORGO_TOKEN;
  if (!token) {
    if (!env.ORGO_ADMIN_EMAIL || !env.ORGO_ADMIN_PASSWORD) {
      failWith('Set ORGO_TOKEN, or ORGO_ADMIN_EMAIL and ORGO_ADMIN_PASSWORD, to act on the running Orgo.', 2);
    }
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: env.ORGO_ADMIN_EMAIL,
        password: env.ORGO_ADMIN_PASSWORD,
        ...otpFrom(env),
      }),
    }).catch((error: Error) =>
      failWith(
        `Orgo does not answer at ${url} (${error.message}); is it running? Use --url to point at it.`,
        1,
      ),
    );
    if (!login.ok) {
      const reason = ((await login.json().catch(() => ({}))) as { message?: string }).message;
      failWith(
        `Signing in at ${url} failed (${login.status}${reason ? `: ${reason}` : ''}); check ORGO_ADMIN_EMAIL, ORGO_ADMIN_PASSWORD and ORGO_OTP (or ORGO_ADMIN_TOTP_SECRET), or set ORGO_TOKEN.`,
        1,
      );
    }
    token = ((await login.json()) as { access_token: string }).access_token;
  }
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: Error) => failWith(`Orgo does not answer at ${url} (${error.message}).`, 1));
    return { status: res.status, body: (await res.json()) as T };
  };
}

function otpFrom(env: Record<string, string | undefined>): { otp?: string } {
  if (env.ORGO_OTP) return { otp: env.ORGO_OTP };
  return env.ORGO_ADMIN_TOTP_SECRET ? { otp: currentTotpCode(env.ORGO_ADMIN_TOTP_SECRET) } : {};
}
