import { auditSettings } from './audit-settings';

describe('audit-log settings of the Elasticsearch index', () => {
  it('is off without elasticsearch_url, and takes defaults with it', () => {
    expect(auditSettings({}).index).toBeNull();
    expect(auditSettings({ elasticsearch_url: 'http://127.0.0.1:9200' }).index).toEqual({
      url: 'http://127.0.0.1:9200',
      index: 'orgo-audit',
      batchSize: 500,
      intervalMs: 5_000,
      tlsCaFile: null,
      auth: null,
    });
  });

  it('reads the index, batch, interval and credentials (from the environment or the security files, never a setting)', () => {
    const raw = {
      elasticsearch_url: 'https://es.internal:9200',
      elasticsearch_index: 'orgo-audit-prod',
      elasticsearch_batch_size: 50,
      elasticsearch_interval_ms: 1_000,
    };
    expect(
      auditSettings(raw, { env: { ORGO_AUDIT_LOG_ELASTICSEARCH_API_KEY: 'k3y' }, security: {} }).index,
    ).toMatchObject({ index: 'orgo-audit-prod', batchSize: 50, intervalMs: 1_000, auth: { apiKey: 'k3y' } });
    const basic = auditSettings(
      { ...raw, elasticsearch_username: 'orgo' },
      { env: {}, security: { audit_log: { elasticsearch_password: 'pw' } } },
    );
    expect(basic.index?.auth).toEqual({ username: 'orgo', password: 'pw' });
  });

  it('refuses bad values, credentials in the URL and a user without a password, naming the key and what to do', () => {
    expect(() =>
      auditSettings({
        elasticsearch_url: 'https://orgo:secret@es.internal:9200',
        elasticsearch_index: 'Audit*',
        elasticsearch_batch_size: 0,
        elasticsearch_tls_ca_file: '/nowhere/ca.pem',
      }),
    ).toThrow(
      /elasticsearch_url'.*carries credentials.*ORGO_AUDIT_LOG_ELASTICSEARCH_API_KEY[\s\S]*elasticsearch_index'.*lower case[\s\S]*elasticsearch_batch_size'.*from 1 to 10000[\s\S]*elasticsearch_tls_ca_file'.*no file/,
    );
    expect(() => auditSettings({ elasticsearch_url: 'es.internal' })).toThrow(
      /elasticsearch_url'.*expected an http\(s\) URL/,
    );
    expect(() =>
      auditSettings({ elasticsearch_url: 'http://es:9200', elasticsearch_username: 'orgo' }),
    ).toThrow(/no password for 'orgo'; set ORGO_AUDIT_LOG_ELASTICSEARCH_PASSWORD/);
    expect(() => auditSettings({ elasticsearch_urll: 'http://es:9200' })).toThrow(
      /elasticsearch_urll'.*unknown key; expected one of .*elasticsearch_url/,
    );
  });
});
