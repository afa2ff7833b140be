import { ADMIN, adminTokens } from './standalone-process';
import { totp } from './totp';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Credentials {
  email: string;
  password: string;
  /** The base32 TOTP secret of a user enrolled in MFA: each login sends its current code. */
  totpSecret?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small client for the REST API. */
export class ApiClient {
  token: string | null = null;
  refreshToken: string | null = null;

  constructor(private readonly base: string) {}

  /**
   * Signs in. A user with a TOTP secret (the administrator) sends the current code; as a code works
   * only once, the administrator's token is kept per URL and reused while it is valid, and a code
   * used already is answered by waiting for the next one.
   */
  async login(credentials: Credentials = ADMIN): Promise<void> {
    if (credentials.totpSecret && credentials.email === ADMIN.email && (await this.reuse(adminTokens.get(this.base)))) return;
    for (let attempt = 0; ; attempt++) {
      const otp = credentials.totpSecret ? { otp: totp(credentials.totpSecret) } : {};
      const res = await this.request('POST', '/api/v1/auth/login', { email: credentials.email, password: credentials.password, ...otp }, false);
      if (res.status === 200) {
        this.token = res.body.access_token;
        this.refreshToken = res.body.refresh_token;
        if (credentials.email === ADMIN.email) adminTokens.set(this.base, res.body.access_token);
        return;
      }
      if (res.body?.details?.code !== 'AUTH.OTP_INVALID' || attempt >= 2) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(30_000 - (Date.now() % 30_000) + 200);
    }
  }

  async request<T = any>(method: string, url: string, body?: unknown, auth = true): Promise<ApiResponse<T>> {
    const res = await fetch(this.base + url, {
      method,
      headers: { 'content-type': 'application/json', ...(auth && this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(url: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', url);
  }

  private async reuse(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const res = await fetch(`${this.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
    if (res?.status !== 200) return false;
    this.token = token;
    return true;
  }
}
