import { type ValidationIssue, describeValue, tryParseDuration } from '@orgo/domain';

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * A small validator that records issues with file, key path, expected and found, so every problem
 * of every file can be reported at once.
 */
export class Checker {
  constructor(
    readonly file: string,
    readonly issues: ValidationIssue[],
  ) {}

  issue(path: string, expected: string, found: unknown, hint?: string): void {
    this.issues.push({ file: this.file, path, expected, found: describeValue(found), ...(hint ? { hint } : {}) });
  }

  isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  /** An object whose keys are all allowed; reports missing required keys. */
  object(value: unknown, path: string, allowed: readonly string[], required: readonly string[] = []): Record<string, unknown> | undefined {
    if (!this.isObject(value)) {
      this.issue(path || '(top level)', `a mapping with keys ${allowed.join(', ')}`, value);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.issue(join(path, key), `one of the keys ${allowed.join(', ')}`, key, 'remove it or fix its spelling');
    }
    for (const key of required) {
      if (value[key] === undefined || value[key] === null) this.issue(join(path, key), 'a value (this key is required)', value[key]);
    }
    return value;
  }

  string(value: unknown, path: string, opts: { required?: boolean; pattern?: RegExp; expected?: string } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (opts.required) this.issue(path, opts.expected ?? 'a text value (required)', value);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '' || (opts.pattern && !opts.pattern.test(value))) {
      this.issue(path, opts.expected ?? 'a non-empty text value', value);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], required = false): T | undefined {
    if (value === undefined || value === null) {
      if (required) this.issue(path, `one of ${allowed.join(', ')} (required)`, value);
      return undefined;
    }
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.issue(path, `one of ${allowed.join(', ')}`, value);
      return undefined;
    }
    return value as T;
  }

  list(value: unknown, path: string, required = false): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (required) this.issue(path, 'a list (required)', value);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.issue(path, 'a list', value);
      return undefined;
    }
    return value;
  }

  /** A whole number from `min` to `max`; `fallback` when absent or invalid (then an issue is recorded). */
  integer(value: unknown, path: string, fallback: number, min: number, max: number): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.issue(path, `a whole number from ${min} to ${max}`, value);
    return fallback;
  }

  /** A duration (`'30 seconds'`, `'5m'`, a number of seconds) of at least `minMs`, in milliseconds. */
  duration(value: unknown, path: string, fallback: number, minMs: number): number {
    if (value === undefined || value === null) return fallback;
    const ms = tryParseDuration(value);
    if (ms !== undefined && ms >= minMs) return ms;
    this.issue(path, `a duration of at least ${minMs} ms such as '30 seconds' or '5m'`, value);
    return fallback;
  }

  /** A size (`'10 MB'`, `'512 KB'`, a number of bytes) of at least `minBytes`, in bytes. */
  bytes(value: unknown, path: string, fallback: number, minBytes = 1024): number {
    if (value === undefined || value === null) return fallback;
    const match = typeof value === 'number' ? [String(value), String(value), 'b'] : typeof value === 'string' ? SIZE.exec(value.trim()) : null;
    const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]) : NaN;
    if (Number.isFinite(bytes) && bytes >= minBytes) return bytes;
    this.issue(path, `a size of at least ${minBytes} bytes such as '10 MB' or 10485760 (bytes)`, value);
    return fallback;
  }

  /** Every file carries `metadata.version` (SPEC §7). */
  metadata(root: Record<string, unknown>): void {
    const metadata = root.metadata;
    if (!this.isObject(metadata)) {
      this.issue('metadata', 'a mapping with version (e.g. metadata: { version: "1.0" })', metadata);
      return;
    }
    if (typeof metadata.version !== 'string' || metadata.version.trim() === '') {
      this.issue('metadata.version', 'a version string such as "1.0" (quote it)', metadata.version);
    }
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
