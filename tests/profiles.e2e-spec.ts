import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

const FULL = ['1001.Ops.Repairs', '101.Ops.Repairs', '11.Ops', '1'];

// SPEC §6: each built-in profile's routing-time parameters, for a task a rule routes to Ops.Repairs
// with priority high and severity major.
const PROFILES: { profile: string; waits: boolean; visibility: string; chain: string[]; severe: boolean; high: number }[] = [
  { profile: 'friend_group', waits: true, visibility: 'organization', chain: FULL, severe: false, high: 3 * 86_400_000 },
  { profile: 'hospital', waits: false, visibility: 'restricted', chain: ['1001.Ops.Repairs', '11.Ops', '1'], severe: true, high: 15 * 60_000 },
  { profile: 'advocacy_group', waits: false, visibility: 'department', chain: FULL, severe: true, high: 12 * 3_600_000 },
  { profile: 'retail_chain', waits: false, visibility: 'department', chain: FULL, severe: false, high: 24 * 3_600_000 },
  { profile: 'military', waits: false, visibility: 'private', chain: ['1001.Ops.Repairs', '1'], severe: true, high: 5 * 60_000 },
  { profile: 'environmental_group', waits: false, visibility: 'organization', chain: FULL, severe: true, high: 12 * 3_600_000 },
  { profile: 'artist_collective', waits: true, visibility: 'department', chain: FULL, severe: false, high: 3 * 86_400_000 },
];

const slugOf = (profile: string) => profile.replace(/_/g, '-');

function profilesConfig(): string {
  const dir = tempDir('orgo-profiles-');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('global/base_config.yaml', 'metadata: { version: "1.0" }\ntimezone: UTC\nlog_level: info\n');
  write('workflows/workflow_rules.yaml', `metadata: { version: "1.0" }
rules:
  - name: leak
    condition: "subject contains 'leak'"
    action: { type: facilities, category: 8, subcategory: 1, route_to: Ops.Repairs, priority: high, severity: major }
`);
  for (const { profile } of PROFILES) {
    const slug = slugOf(profile);
    write(`organizations/${slug}/organization.yaml`, `metadata: { version: "1.0" }
organization: { slug: ${slug}, name: ${profile} test, type: community, timezone: UTC, profile: ${profile}, triage: "101.Front.Desk" }
positions:
  - { id: "1", title: Head, holders: [head@${slug}.example] }
  - { id: "11.Ops", title: Operations, holders: [ops@${slug}.example] }
  - { id: "101.Ops.Repairs", title: Repairs lead, holders: [lead@${slug}.example] }
  - { id: "1001.Ops.Repairs", title: Technician, holders: [tech@${slug}.example] }
  - { id: "101.Front.Desk", title: Desk, holders: [desk@${slug}.example] }
roles:
  - { id: Ops.Repairs, addresses: [repairs@${slug}.example] }
`);
  }
  return dir;
}

/** A test per profile: its routing-time parameters (automation, transparency, granularity, severity threshold, reactivity) take effect. */
describe('profiles at routing time (standalone)', () => {
  let orgo: Standalone;
  let api: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(profilesConfig(), tempDir('orgo-profiles-home-'));
    api = new ApiClient(orgo.url);
    await api.login();
    for (const { profile } of PROFILES) {
      const slug = slugOf(profile);
      dropMail(orgo.home, `repairs@${slug}.example`, 'leak.eml', mail({
        from: `member@members.example`, to: `repairs@${slug}.example`, subject: 'Water leak under the sink', body: 'Dripping all night.', id: `leak-${slug}@members.example` }));
    }
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  it.each(PROFILES)('$profile', async ({ profile, waits, visibility, chain, severe, high }) => {
    const slug = slugOf(profile);
    const task = await eventually(
      async () => (await api.get(`/api/v1/tasks?organization=${slug}`)).body.items[0],
      (t) => Boolean(t),
      { what: `the ${profile} task` },
    );
    expect(task).toMatchObject({ organization: slug, visibility, priority: 'high', severity: 'major' });
    const routed = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    if (waits) {
      // automation manual: waits in triage with the suggested route, no clock running.
      expect(task).toMatchObject({ assignee: { position: '101.Front.Desk' }, suggested_position: '1001.Ops.Repairs', escalation: { next_due_at: null } });
      expect(routed.data).toMatchObject({ via: 'awaiting_confirmation', suggested_position: '1001.Ops.Repairs' });
      return;
    }
    expect(routed.data).toMatchObject({ position: '1001.Ops.Repairs', via: 'route_to' });
    expect(task.escalation.chain).toEqual(chain);
    expect(task.suggested_position).toBeNull();
    if (severe) {
      // severity major reaches the profile's threshold: due at once, so the scheduler escalates it.
      expect(routed.data.escalates_at_once).toContain('major');
      const escalated = await eventually(async () => (await api.get(`/api/v1/tasks/${task.id}`)).body, (t) => t.escalation.level >= 1, { what: `the ${profile} task escalated` });
      expect(escalated).toMatchObject({ status: 'escalated', assignee: { position: chain[1] } });
    } else {
      expect(routed.data.escalates_at_once).toBeUndefined();
      expect(Date.parse(task.escalation.next_due_at) - Date.parse(task.created_at)).toBe(high);
    }
    expect(task.escalation.reactivity_ms).toBe(high);
  });
});
