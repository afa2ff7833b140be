import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ServiceFleet } from './support/service-fleet';
import { ROOT, type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const RULES = path.join('organizations', 'riverside', 'rules', 'riverside_rules.yaml');
const RELOAD_MS = 5_000;

/** A copy of the riverside configuration this suite may edit while Orgo runs. */
function editableConfig(): string {
  const dir = tempDir('orgo-rules-reload-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The riverside rules with the door rule's subtype (and, to make it invalid, its priority) replaced. */
function doorRules(config: string, subtype: string, priority = 'medium'): string {
  const text = fs.readFileSync(path.join(FIXTURE, RULES), 'utf8');
  const door = 'action: { type: facilities, subtype: door, category: 8, subcategory: 1, route_to: Facilities.Repairs, escalate_after: 8 seconds }';
  if (!text.includes(door)) throw new Error(`the fixture ${RULES} no longer has the door rule this suite edits`);
  return text.replace(door, `action: { type: facilities, subtype: ${subtype}, category: 8, subcategory: 1, route_to: Facilities.Repairs, priority: ${priority} }`);
}

/** How an editor saves: a temporary file renamed over the old one. */
function writeAtomically(config: string, text: string): void {
  const file = path.join(config, RULES);
  fs.writeFileSync(`${file}.tmp-save`, text);
  fs.renameSync(`${file}.tmp-save`, file);
}

/** How a script saves: the file truncated and written in place. */
function writeInPlace(config: string, text: string): void {
  fs.writeFileSync(path.join(config, RULES), text);
}

const STALE_PROBLEM = {
  file: RULES.split(path.sep).join('/'),
  rule: 'slow-repair',
  path: expect.stringContaining('priority'),
  expected: expect.any(String),
  found: expect.stringContaining('soonish'),
};

/**
 * SPEC §5: rule files change without a restart. An edit reaches routing within seconds; an invalid
 * edit leaves the last good rules routing and says so in the log and in /health/ready until fixed.
 */
describe('rules reload while running: standalone shape', () => {
  const config = editableConfig();
  const home = tempDir('orgo-rules-reload-home-');
  let orgo: Standalone;
  let api: ApiClient;
  let sent = 0;

  beforeAll(async () => {
    orgo = await startStandalone(config, home);
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  /** Sends a mail about a stuck door; returns its Message-ID. */
  const sendDoorMail = (): string => {
    const id = `door-${++sent}@members.example`;
    dropMail(home, 'repairs@riverside.example', `door-${sent}.eml`, mail({ from: 'maya@members.example', to: 'repairs@riverside.example', subject: `The door of room ${sent} is stuck`, body: 'It does not open.', id }));
    return id;
  };
  const subtypes = async (): Promise<Map<string, string>> => {
    const body = (await api.get('/api/v1/tasks?organization=riverside&limit=100')).body;
    return new Map(body.items.map((t: any) => [t.source.message_id, t.subtype]));
  };
  /** Sends door mail until one is routed with `subtype`, for at most five seconds after the edit. */
  const routedWithin5s = async (subtype: string) => {
    const ids: string[] = [];
    await eventually(
      async () => {
        ids.push(sendDoorMail());
        const routed = await subtypes();
        return ids.map((id) => routed.get(id));
      },
      (seen) => seen.includes(subtype),
      { timeoutMs: RELOAD_MS, intervalMs: 500, what: `door mail routed with subtype ${subtype}` },
    );
  };
  const ruleStatus = async () => {
    const body: any = await (await fetch(`${orgo.url}/health/ready`)).json();
    return { status: body.status, engine: body.services.find((s: any) => s.service === 'rule-engine') };
  };

  it('routes new mail by an edited rule within five seconds, saved by rename or in place', async () => {
    const first = sendDoorMail();
    await eventually(subtypes, (m) => m.has(first), { what: 'the first door mail routed' });
    expect((await subtypes()).get(first)).toBe('door');
    const before = (await ruleStatus()).engine.details.rules.riverside;
    expect(before).toMatchObject({ status: 'current', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    writeAtomically(config, doorRules(config, 'entrance'));
    await routedWithin5s('entrance');
    const after = (await ruleStatus()).engine.details.rules.riverside;
    expect(after).toMatchObject({ status: 'current' });
    expect(after.hash).not.toBe(before.hash);
    expect(after.ruleSetHash).not.toBe(before.ruleSetHash);

    writeInPlace(config, doorRules(config, 'gate'));
    await routedWithin5s('gate');
    // The console shows each reload.
    await eventually(async () => orgo.output().match(/rules +riverside: reloaded/g)?.length ?? 0, (n) => n === 2, { what: 'two reload lines on the console' });
  });

  it('keeps routing by the last good rules after an invalid edit, and raises the alert in the log and the health details until fixed', async () => {
    const good = (await ruleStatus()).engine.details.rules.riverside;
    writeAtomically(config, doorRules(config, 'hinge', 'soonish'));
    const stale = await eventually(ruleStatus, (s) => s.engine.details.rules.riverside.status === 'stale', { timeoutMs: RELOAD_MS, what: 'the rule-engine reporting stale rules' });
    // Degraded, still ready: the last good rules serve.
    expect(stale.status).toBe('degraded');
    expect(stale.engine).toMatchObject({ ready: true, degraded: true });
    expect(stale.engine.details.rules.riverside).toMatchObject({ status: 'stale', hash: good.hash, ruleSetHash: good.ruleSetHash, problems: [STALE_PROBLEM] });

    const metrics = async () => (await fetch(`${orgo.url}/metrics`)).text();
    expect(await metrics()).toContain('orgo_rules_stale{service="rule-engine",organization="riverside"} 1');
    expect(await metrics()).toContain('orgo_rules_reloads_total{service="rule-engine",organization="riverside",outcome="rejected"} 1');

    const id = sendDoorMail();
    await eventually(subtypes, (m) => m.has(id), { what: 'door mail after the invalid edit routed' });
    expect((await subtypes()).get(id)).toBe('gate');

    const log = await eventually(
      async () => fs.readFileSync(path.join(home, 'logs', 'orgo.log'), 'utf8'),
      (text) => text.includes('rule files of riverside changed but are invalid'),
      { what: 'the error in orgo.log' },
    );
    const entries = log.split('\n').filter((l) => l.includes('rule files of riverside changed but are invalid')).map((l) => JSON.parse(l));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 50, organization: 'riverside', inUse: good.hash, problems: [STALE_PROBLEM] });
    expect(entries[0].msg).toContain("rule 'slow-repair'");

    // The console says so, with the problem; the audit log keeps it.
    const shown = await eventually(async () => orgo.output(), (out) => out.includes('RULES        riverside: changed rule files refused'), { what: 'the refusal on the console' });
    expect(shown).toContain("riverside_rules.yaml: rule 'slow-repair'");
    const audited = await eventually(async () => (await api.get('/api/v1/audit?action=rules.rejected')).body, (b) => b.total === 1, { what: 'the refusal in the audit log' });
    expect(audited.items[0]).toMatchObject({ category: 'workflow', organization: 'riverside', actor: 'rule-engine', details: { inUse: good.hash, problems: [STALE_PROBLEM] } });

    writeInPlace(config, doorRules(config, 'hinge'));
    await routedWithin5s('hinge');
    await eventually(async () => orgo.output(), (out) => out.includes('riverside: reloaded') && out.includes('the earlier problems are fixed'), { what: 'the fix on the console' });
    const fixed = await ruleStatus();
    expect(fixed.engine.details.rules.riverside).toMatchObject({ status: 'current' });
    expect(fixed.engine.details.rules.riverside.problems).toBeUndefined();
    expect(fixed.engine.degraded).toBe(false);
    expect(await metrics()).toContain('orgo_rules_stale{service="rule-engine",organization="riverside"} 0');
  });
});

/**
 * The distributed shape: two rule-engine replicas share the mounted configuration folder (each
 * watches it), a third has a copy of its own that nobody edits (its watcher sees nothing): every
 * replica moves to the edited rules within five seconds, the third through the announcement on
 * `<namespace>:invalidate`. An invalid edit leaves every replica on the last good rules.
 */
describe('rules reload while running: distributed shape', () => {
  const config = editableConfig();
  const unedited = editableConfig();
  const fleet = new ServiceFleet(config, tempDir('orgo-rules-reload-fleet-'));
  const replicas = ['rule-engine', 'rule-engine-2', 'rule-engine-3'];
  const rules = async (replica: string) => {
    const body: any = await (await fetch(`http://127.0.0.1:${fleet.ports.get(replica)}/health/ready`)).json();
    return { ...body.rules.riverside, degraded: body.degraded, ready: body.status === 'ready' };
  };
  const all = () => Promise.all(replicas.map(rules));

  beforeAll(async () => {
    await fleet.start('rule-engine');
    await fleet.start('rule-engine', { replica: 'rule-engine-2' });
    await fleet.start('rule-engine', { replica: 'rule-engine-3', config: unedited });
  }, 180_000);

  afterAll(async () => {
    await fleet.stopAll();
    await fleet.removeNamespace();
  }, 120_000);

  it('moves every replica to an edited rule file within five seconds, also the one whose files did not change', async () => {
    const [before] = await all();
    expect(await all()).toEqual(replicas.map(() => expect.objectContaining({ status: 'current', hash: before.hash, degraded: false })));

    writeAtomically(config, doorRules(config, 'entrance'));
    const moved = await eventually(all, (r) => r.every((x) => x.hash !== before.hash && x.hash === r[0].hash), { timeoutMs: RELOAD_MS, what: 'every replica on the edited rules' });
    expect(moved).toEqual(replicas.map(() => expect.objectContaining({ status: 'current', ruleSetHash: moved[0].ruleSetHash })));
    expect(moved[0].ruleSetHash).not.toBe(before.ruleSetHash);
    expect(fleet.processes.get('rule-engine-3')!.output()).toContain('another replica loaded a new version');
  });

  it('keeps every replica on the last good rules after an invalid edit, alerts where the files are, and clears when fixed', async () => {
    const [good] = await all();
    writeInPlace(config, doorRules(config, 'hinge', 'soonish'));
    const stale = await eventually(all, (r) => r[0].status === 'stale' && r[1].status === 'stale', { timeoutMs: RELOAD_MS, what: 'the replicas watching the edited folder reporting stale rules' });
    expect(stale.slice(0, 2)).toEqual([0, 1].map(() => expect.objectContaining({ status: 'stale', hash: good.hash, ruleSetHash: good.ruleSetHash, problems: [STALE_PROBLEM], degraded: true, ready: true })));
    // The third replica's own files are fine and nothing valid was announced: it is current and unchanged.
    expect(stale[2]).toMatchObject({ status: 'current', hash: good.hash, degraded: false });
    for (const replica of ['rule-engine', 'rule-engine-2']) {
      expect(fleet.processes.get(replica)!.output()).toContain('rule files of riverside changed but are invalid');
    }

    writeAtomically(config, doorRules(config, 'hinge'));
    const fixed = await eventually(all, (r) => r.every((x) => x.status === 'current' && x.hash !== good.hash && x.hash === r[0].hash), { timeoutMs: RELOAD_MS, what: 'every replica on the fixed rules' });
    expect(fixed).toEqual(replicas.map(() => expect.objectContaining({ degraded: false })));
    expect(fixed[0].problems).toBeUndefined();
  });
});
