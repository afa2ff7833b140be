import { type ValidationIssue, redactUrl } from '@orgo/domain';

import { Checker } from './checker';

/** A prefix shared by an installation's queues, schemas or cache keys. */
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME_EXPECTED = 'a name of letters, digits, _ or - that starts with a letter';

interface KeyRule {
  expected: string;
  valid(value: unknown): boolean;
}

const url = (schemes: string[]): KeyRule => ({
  expected: `a URL such as ${schemes[0]}://host:port (${schemes.map((s) => `${s}://`).join(' or ')})`,
  valid: (v) => {
    if (typeof v !== 'string') return false;
    try {
      return schemes.includes(new URL(v).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  },
});
const name: KeyRule = { expected: NAME_EXPECTED, valid: (v) => typeof v === 'string' && NAME.test(v) };
const positive = (max: number, unit: string): KeyRule => ({
  expected: `a whole number of ${unit} from 1 to ${max}`,
  valid: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max,
});

/**
 * The connection settings of the distributed shape, per section of `services/<section>/*.yaml`
 * (each key overridable as `ORGO_<SECTION>__<KEY>`). Sections marked closed accept no other key.
 */
const SECTIONS: Record<string, { closed: boolean; keys: Record<string, KeyRule> }> = {
  rabbitmq: { closed: false, keys: { url: url(['amqp', 'amqps']), namespace: name } },
  postgres: {
    closed: false,
    keys: {
      url: url(['postgres', 'postgresql']),
      schema_prefix: { expected: 'a schema prefix of lower-case letters, digits and _ (or empty)', valid: (v) => typeof v === 'string' && /^([a-z_][a-z0-9_]*)?$/.test(v) },
      pool_size: positive(1000, 'connections'),
    },
  },
  redis: {
    closed: true,
    keys: {
      url: url(['redis', 'rediss']),
      namespace: name,
      ttl_seconds: positive(31_536_000, 'seconds'),
      connect_timeout_ms: positive(600_000, 'milliseconds'),
      command_timeout_ms: positive(600_000, 'milliseconds'),
    },
  },
};

/** Checks the rabbitmq, postgres and redis sections (after environment overrides); adds an issue per bad key. */
export function checkConnectionSettings(services: Record<string, Record<string, unknown>>, issues: ValidationIssue[]): void {
  for (const [section, { closed, keys }] of Object.entries(SECTIONS)) {
    const values = services[section];
    if (!values) continue;
    const check = new Checker(`services/${section}/`, issues);
    for (const [key, value] of Object.entries(values)) {
      const rule = keys[key];
      const where = `set it in config/services/${section}/*.yaml or ORGO_${section.toUpperCase()}__${key.toUpperCase()}`;
      if (!rule) {
        if (closed) check.issue(key, `one of the keys ${Object.keys(keys).join(', ')}`, key, 'remove it or fix its spelling');
      } else if (!rule.valid(value)) {
        check.issue(key, rule.expected, key === 'url' && typeof value === 'string' ? redactUrl(value) : value, where);
      }
    }
  }
}

