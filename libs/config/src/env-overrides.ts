/**
 * Environment variables override any key (SPEC §7): `ORGO_<SECTION>__<KEY>[__<KEY>…]`, lower-cased,
 * e.g. `ORGO_SMTP__HOST=mail.example` sets `host` of the services' `smtp` section and
 * `ORGO_BASE__LOG_LEVEL=debug` sets `log_level` of the base settings. Values that look like numbers
 * or booleans are read as such.
 */
export function applyEnvOverrides(
  base: Record<string, unknown>,
  services: Record<string, Record<string, unknown>>,
  env: Record<string, string | undefined>,
): void {
  for (const [name, value] of Object.entries(env)) {
    const match = /^ORGO_([A-Z0-9_]+?)__([A-Z0-9_]+(?:__[A-Z0-9_]+)*)$/.exec(name);
    if (!match || value === undefined) continue;
    const section = match[1].toLowerCase().replace(/_/g, '-');
    const keys = match[2].split('__').map((k) => k.toLowerCase());
    const target = section === 'base' ? base : (services[section] ??= {});
    setPath(target, keys, parseScalar(value));
  }
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function parseScalar(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}
