import { ADMIN } from './standalone-process';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small client for the REST API. */
export class ApiClient {
  token: string | null = null;

  constructor(private readonly base: string) {}

  async login(credentials = ADMIN): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/login', credentials);
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.access_token;
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
}
