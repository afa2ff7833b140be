import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import Redis from 'ioredis';

import { REDIS_URL } from './support/distributed-process';
import { eventually } from './support/eventually';
import { ServiceFleet } from './support/service-fleet';
import { ROOT, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/** The riverside configuration with one more rule: what a replica of a newer release loads. */
function newerRules(): string {
  const dir = tempDir('orgo-newer-rules-');
  fs.cpSync(CONFIG, dir, { recursive: true });
  const file = path.join(dir, 'organizations', 'riverside', 'rules', 'riverside_rules.yaml');
  fs.appendFileSync(file, `  - name: flood\n    condition: "subject contains 'flood'"\n    action: { type: facilities, subtype: water, category: 8, subcategory: 1, priority: critical }\n`);
  return dir;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * SPEC §2/§5: in the distributed shape, compiled rule sets and organization directories are shared
 * between replicas through Redis under content-hash keys; a replica that loads newer files moves the
 * others to them through pub/sub; a replica without Redis still works (degraded).
 */
describe('distributed shape: rule sets and directories shared through Redis', () => {
  const fleet = new ServiceFleet(CONFIG, tempDir('orgo-cache-'));
  const redis = new Redis(REDIS_URL);
  const probe = async (name: string) => (await fetch(`http://127.0.0.1:${fleet.ports.get(name)}/health/ready`)).json();
  const metric = async (name: string, series: string) => {
    const text = await (await fetch(`http://127.0.0.1:${fleet.ports.get(name)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };
  const keys = (kind: string) => redis.keys(`${fleet.run}:${kind}:riverside:*`);

  afterAll(async () => {
    await fleet.stopAll();
    await fleet.removeNamespace();
    expect(await redis.keys(`${fleet.run}:*`)).toEqual([]);
    await redis.quit();
  }, 120_000);

  it('rule-engine and task-service store their models under <namespace>:<kind>:<org>:<sha256> and report redis up', async () => {
    await fleet.start('rule-engine');
    await fleet.start('task-service');
    expect(await keys('rules')).toEqual([expect.stringMatching(new RegExp(`^${fleet.run}:rules:riverside:[0-9a-f]{64}$`))]);
    expect(await keys('directory')).toEqual([expect.stringMatching(new RegExp(`^${fleet.run}:directory:riverside:[0-9a-f]{64}$`))]);
    expect(await probe('rule-engine')).toMatchObject({ status: 'ready', redis: 'up', degraded: false });
    expect(await probe('task-service')).toMatchObject({ status: 'ready', redis: 'up', degraded: false });
    expect(await metric('rule-engine', 'orgo_cache_misses_total{service="rule-engine",kind="rules"}')).toBe(1);
    expect(await metric('task-service', 'orgo_cache_misses_total{service="task-service",kind="directory"}')).toBe(1);
  });

  it('a second replica takes the rule set from Redis instead of validating the files again', async () => {
    await fleet.start('rule-engine', { replica: 'rule-engine-2' });
    expect(await metric('rule-engine-2', 'orgo_cache_hits_total{service="rule-engine",kind="rules"}')).toBe(1);
    expect(await metric('rule-engine-2', 'orgo_cache_misses_total{service="rule-engine",kind="rules"}')).toBe(0);
    expect(await keys('rules')).toHaveLength(1);
  });

  it('a replica started with newer rule files moves the running replicas to them', async () => {
    await fleet.start('rule-engine', { replica: 'rule-engine-newer', config: newerRules() });
    expect(await keys('rules')).toHaveLength(2);
    // Each running replica reloads once, from Redis (one more hit), validating nothing more.
    for (const [replica, hitsBefore] of [['rule-engine', 0], ['rule-engine-2', 1]] as const) {
      await eventually(
        () => metric(replica, 'orgo_cache_invalidations_total{service="rule-engine",kind="rules"}'),
        (n) => n === 1,
        { what: `${replica} reloading the announced rule set` },
      );
      await eventually(() => metric(replica, 'orgo_cache_hits_total{service="rule-engine",kind="rules"}'), (n) => n === hitsBefore + 1, { what: `${replica} taking it from Redis` });
      expect(await metric(replica, 'orgo_cache_misses_total{service="rule-engine",kind="rules"}')).toBe(hitsBefore === 0 ? 1 : 0);
    }
    expect(fleet.processes.get('rule-engine')!.output()).toContain('another replica loaded a new version');
    expect(await metric('rule-engine-newer', 'orgo_cache_invalidations_total{service="rule-engine",kind="rules"}')).toBe(0);
  });

  it('a replica that cannot reach Redis starts, stays ready, and reports redis down (degraded)', async () => {
    await fleet.start('rule-engine', { replica: 'rule-engine-alone', env: { ORGO_REDIS__URL: `redis://127.0.0.1:${await closedPort()}` } });
    expect(await probe('rule-engine-alone')).toMatchObject({ status: 'ready', redis: 'down', degraded: true });
    expect(await metric('rule-engine-alone', 'orgo_cache_up{service="rule-engine"}')).toBe(0);
    const output = fleet.processes.get('rule-engine-alone')!.output();
    expect(output.match(/shared cache \(Redis\) unreachable/g)).toHaveLength(1);
  });
});
