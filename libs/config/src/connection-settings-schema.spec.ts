import path from 'node:path';

import { ValidationError, type ValidationIssue } from '@orgo/domain';

import { checkConnectionSettings } from './connection-settings-schema';
import { loadConfig } from './load-config';

const EXAMPLE = path.resolve(__dirname, '../../../config');

function issues(services: Record<string, Record<string, unknown>>): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  checkConnectionSettings(services, found);
  return found;
}

describe('connection settings (rabbitmq, postgres, redis)', () => {
  it('accepts the settings of the distributed shape', () => {
    expect(
      issues({
        rabbitmq: { url: 'amqp://guest:guest@127.0.0.1:5672', namespace: 'staging' },
        postgres: { url: 'postgres://postgres@127.0.0.1:5432/test', schema_prefix: 'staging_', pool_size: 10 },
        redis: { url: 'redis://127.0.0.1:6379/2', namespace: 'staging', ttl_seconds: 3600, connect_timeout_ms: 2000, command_timeout_ms: 500 },
      }),
    ).toEqual([]);
    expect(issues({ redis: { url: 'rediss://:secret@cache.example:6380' } })).toEqual([]);
  });

  it('names the file, the key, what was expected and the variable that overrides it', () => {
    const found = issues({ redis: { url: 'http://127.0.0.1:6379', namespace: 'my cache', ttl_seconds: 0, comand_timeout_ms: 5 } });
    expect(found).toEqual([
      expect.objectContaining({ file: 'services/redis/', path: 'url', expected: expect.stringContaining('redis://'), found: "'http://127.0.0.1:6379'", hint: expect.stringContaining('ORGO_REDIS__URL') }),
      expect.objectContaining({ path: 'namespace', found: "'my cache'", hint: expect.stringContaining('ORGO_REDIS__NAMESPACE') }),
      expect.objectContaining({ path: 'ttl_seconds', expected: expect.stringContaining('whole number'), found: '0' }),
      expect.objectContaining({ path: 'comand_timeout_ms', expected: expect.stringContaining('command_timeout_ms'), hint: 'remove it or fix its spelling' }),
    ]);
  });

  it('checks the broker and database keys, hiding passwords', () => {
    const found = issues({ rabbitmq: { url: 'mysql://u:hunter2@db', namespace: 7 }, postgres: { pool_size: 'ten', schema_prefix: 'Bad-' } });
    expect(found.map((i) => `${i.file}${i.path}`)).toEqual(['services/rabbitmq/url', 'services/rabbitmq/namespace', 'services/postgres/pool_size', 'services/postgres/schema_prefix']);
    expect(found[0].found).toBe("'mysql://u:***@db'");
  });

  it('are checked at load, after the environment overrides', () => {
    let error: unknown;
    try {
      loadConfig(EXAMPLE, { env: { ORGO_REDIS__URL: '127.0.0.1:6379', ORGO_REDIS__COMMAND_TIMEOUT_MS: '250' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ file: 'services/redis/', path: 'url' })]);
    expect(loadConfig(EXAMPLE, { env: { ORGO_REDIS__URL: 'redis://127.0.0.1:6379', ORGO_REDIS__NAMESPACE: 'run1' } }).services.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      namespace: 'run1',
    });
  });
});
