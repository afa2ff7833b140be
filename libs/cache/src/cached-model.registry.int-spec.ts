import path from 'node:path';

import { type OrgoConfig, loadConfig } from '@orgo/config';
import { type EmailFacts, compileRuleSet, evaluateEmail } from '@orgo/rules';
import Redis from 'ioredis';

import { cacheKey, contentHash } from './cache-keys';
import { CachedModelRegistry, type CachedModelSource } from './cached-model.registry';
import { directorySource, ruleSetSource } from './organization-sources';
import { RedisCache } from './redis-cache';
import { REDIS_URL, closedPort, removeCacheNamespace, testNamespace } from './redis-test-support';

const CONFIG = path.resolve(__dirname, '../../../config');

const email = (over: Partial<EmailFacts> = {}): EmailFacts => ({
  subject: 'Urgent: leak in room 12',
  body: 'There is a leak under the sink.',
  sender: 'teacher@northside.example',
  sender_domain: 'northside.example',
  mailbox: 'maintenance@northside.example',
  recipients: ['maintenance@northside.example'],
  keywords: ['urgent', 'leak'],
  attachments: [],
  has_attachments: false,
  organization: 'northside',
  organization_type: 'school',
  auto_submitted: false,
  bulk: false,
  bounce: false,
  from_orgo: false,
  ...over,
});

const EMAILS = [
  email(),
  email({ subject: 'Projector broken', mailbox: 'it@northside.example', keywords: ['projector'] }),
  email({
    subject: 'Contract question',
    mailbox: 'hr@northside.example',
    body: 'About my contract',
    keywords: [],
  }),
  email({
    subject: 'Newsletter',
    mailbox: 'frontoffice@northside.example',
    body: 'unsubscribe',
    keywords: ['newsletter'],
  }),
];

/** The example configuration with one more rule in northside's own file: what a newer replica loads. */
function withExtraRule(config: OrgoConfig): OrgoConfig {
  const ruleFiles = config.ruleFiles.map((f) => {
    if (f.scope !== 'northside') return f;
    const data = f.data as { rules: unknown[] };
    const extra = {
      name: 'flood-first',
      priority: 10,
      condition: "subject contains 'flood'",
      action: { type: 'maintenance', priority: 'critical' },
    };
    return { ...f, data: { ...data, rules: [...data.rules, extra] } };
  });
  return { ...config, ruleFiles };
}

describe('rule sets and directories through the real Redis', () => {
  const namespace = testNamespace();
  const config = loadConfig(CONFIG, { env: {} });
  const caches: RedisCache[] = [];
  const registries: CachedModelRegistry<unknown, unknown>[] = [];
  const replica = <M, V>(source: CachedModelSource<M, V>, url = REDIS_URL) => {
    const cache = new RedisCache({ url, namespace, connectTimeoutMs: 500 });
    caches.push(cache);
    const registry = new CachedModelRegistry(source, { cache, service: 'int-spec' });
    registries.push(registry as CachedModelRegistry<unknown, unknown>);
    return registry;
  };
  let raw: Redis;

  beforeAll(() => {
    raw = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const r of registries) await r.stop();
    await Promise.all(caches.map((c) => c.close()));
    await removeCacheNamespace(namespace);
    await raw.quit();
  });

  it('stores the validated rule model under <namespace>:rules:<org>:<sha256 of the rule files>; a second replica revives it', async () => {
    const source = ruleSetSource(config);
    const first = replica(source);
    await first.start();
    const files = config.ruleFiles
      .filter((f) => f.layer !== 'organization' || f.scope === 'northside')
      .map(({ file, layer, scope, data }) => ({ file, layer, scope, data }));
    const hash = contentHash({ organization: 'northside', content: files });
    expect(first.hashOf('northside')).toBe(hash);
    const stored = JSON.parse((await raw.get(cacheKey(namespace, 'rules', 'northside', hash)))!);
    expect(stored.emailRules.map((r: { name: string }) => r.name)).toEqual(
      first.get('northside')!.emailRules.map((r) => r.name),
    );
    expect(stored.emailRules[0]).toEqual(
      expect.objectContaining({ condition: expect.any(String), action: expect.any(Object) }),
    );
    expect(stored.emailRules[0]).not.toHaveProperty('test');

    let built = 0;
    const second = replica({ ...source, build: (org: string) => (built++, source.build(org)) });
    await second.start();
    expect(built).toBe(0);
    const local = compileRuleSet(config.ruleFiles, 'northside');
    for (const e of EMAILS)
      expect(evaluateEmail(second.get('northside')!, e)).toEqual(evaluateEmail(local, e));
  });

  it('moves every replica to the rule files a newer replica loaded, announced through pub/sub', async () => {
    const old = replica(ruleSetSource(config));
    await old.start();
    const flood = email({ subject: 'flood in the gym' });
    expect(evaluateEmail(old.get('northside')!, flood).matched).not.toContain('flood-first');

    const newer = replica(ruleSetSource(withExtraRule(config)));
    await newer.start();
    for (const end = Date.now() + 15_000; old.hashOf('northside') !== newer.hashOf('northside');) {
      if (Date.now() > end) throw new Error('the old replica never switched to the announced rule set');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(evaluateEmail(old.get('northside')!, flood)).toMatchObject({
      matched: ['flood-first'],
      action: { priority: 'critical' },
    });
  });

  it('caches the organization directory with its chains and role addresses', async () => {
    const first = replica(directorySource(config));
    await first.start();
    const hash = first.hashOf('northside')!;
    expect(await raw.exists(cacheKey(namespace, 'directory', 'northside', hash))).toBe(1);
    const second = replica(directorySource(config));
    await second.start();
    const [a, b] = [first.get('northside')!, second.get('northside')!];
    expect(b.directory.lookups()).toEqual(a.directory.lookups());
    const entry = b.directory.roleByAddress('maintenance@northside.example')!.entry;
    expect(b.directory.chainOf(entry)).toEqual(a.directory.chainOf(entry));
    expect(b.directory.chainOf(entry).length).toBeGreaterThan(1);
  });

  it('computes everything locally, correctly and without throwing, when Redis is unreachable', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const rules = replica(ruleSetSource(config), url);
    const directories = replica(directorySource(config), url);
    await rules.start();
    await directories.start();
    const local = compileRuleSet(config.ruleFiles, 'northside');
    for (const e of EMAILS)
      expect(evaluateEmail(rules.get('northside')!, e)).toEqual(evaluateEmail(local, e));
    expect(directories.get('northside')!.directory.resolveRouteTarget('IT.Support')).not.toBeNull();
    expect(caches[caches.length - 1].status()).toBe('down');
  });
});
