/** The tokens of a sign-in, as `POST /api/v1/auth/login` answers them. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in?: number;
}

/** The signed-in user, as `GET /api/v1/auth/me` answers. */
export interface Me {
  id: string;
  email: string;
  role: 'admin' | 'member';
  scope: string[] | null;
  permissions: string[];
}

const KEY = 'orgo.session';
const listeners = new Set<() => void>();
let tokens: Tokens | null = read();

function read(): Tokens | null {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Tokens) : null;
  } catch {
    return null;
  }
}

function write(value: Tokens | null): void {
  tokens = value;
  try {
    if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the sign-in lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

/**
 * The sign-in of this browser tab. Tokens live in sessionStorage (one tab, gone when it closes),
 * never in a cookie or localStorage that other tabs and later visitors of a shared computer read.
 */
export const session = {
  current: () => tokens,
  update: (value: Tokens) => write(value),
  clear: () => write(null),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};
