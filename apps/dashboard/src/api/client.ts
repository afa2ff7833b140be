import { session } from '../auth/session';

/** An error answer of the API (SPEC §7: `{ statusCode, error, message, details? }`), shown to the user as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown> | FormData | undefined;

async function errorOf(response: Response): Promise<ApiError> {
  let body: { message?: unknown; details?: Record<string, unknown> } = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page): the status says it.
  }
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : typeof body.message === 'string'
      ? body.message
      : `${response.status} ${response.statusText}`;
  const code = typeof body.details?.code === 'string' ? body.details.code : undefined;
  return new ApiError(response.status, message, code, body.details);
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for new tokens once, however many requests (or streams) found the access token expired. */
export function refresh(): Promise<boolean> {
  const token = session.current()?.refresh_token;
  if (!token) return Promise.resolve(false);
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: token }),
  })
    .then(async (response) => {
      if (!response.ok) return false;
      session.update(await response.json());
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * One call to `/api/v1` (or `/health`) with the session's access token; refreshes it once when it
 * expired. `anonymous`: no token at all (the public report pages: a signed-in staff member's token
 * has no business travelling with an anonymous report).
 */
export async function api<T>(
  method: string,
  url: string,
  body?: Body,
  options: { token?: string; retried?: boolean; anonymous?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.anonymous ? undefined : (options.token ?? session.current()?.access_token);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  if (
    response.status === 401 &&
    !options.token &&
    !options.anonymous &&
    !options.retried &&
    session.current()
  ) {
    if (await refresh()) return api<T>(method, url, body, { ...options, retried: true });
    session.clear();
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file from the API (an attachment), fetched with the session's token: a link cannot carry it. */
export async function download(url: string): Promise<Blob> {
  const token = session.current()?.access_token;
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: Body) => api<T>('POST', url, body);
export const patch = <T>(url: string, body?: Body) => api<T>('PATCH', url, body);
export const put = <T>(url: string, body?: Body) => api<T>('PUT', url, body);
export const del = <T>(url: string, body?: Body) => api<T>('DELETE', url, body);

/** A query string from the set values of `params`. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
