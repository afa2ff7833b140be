import fs from 'node:fs';
import path from 'node:path';

import { loadConfig } from '@orgo/config';
import {
  type ReviewListResultV1,
  type ReviewRunV1,
  RPC,
  type TaskListResultV1,
  type TaskSnapshotV1,
} from '@orgo/contracts';

import { eventually } from './support/eventually';
import { InProcessServices } from './support/in-process-services';
import { incidentMail, incidentYear } from './support/incident-year';
import { tempDir } from './support/standalone-process';

/** Three schools that differ only by profile: how sensitive, how often and how automatic reviews are. */
const SCHOOLS = [
  { slug: 'mercy', profile: 'hospital' }, // 3 in 30 days, daily, automatic
  { slug: 'northwind', profile: 'advocacy_group' }, // 5 in 60 days, weekly, assisted
  { slug: 'friends', profile: 'friend_group' }, // 10 in 180 days, yearly, manual
] as const;

const ROOMS = Array.from({ length: 40 }, (_, i) => `room-${101 + i}`);

function writeConfig(dir: string): void {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write(
    'global/base_config.yaml',
    'metadata: { version: "1.0" }\ntimezone: "America/Toronto"\nlog_level: "warn"\n',
  );
  for (const { slug, profile } of SCHOOLS) {
    write(
      `organizations/${slug}/organization.yaml`,
      [
        'metadata: { version: "1.0" }',
        'organization:',
        `  slug: ${slug}`,
        `  name: School ${slug}`,
        '  type: school',
        '  timezone: America/Toronto',
        `  profile: ${profile}`,
        '  triage: "101.Admin.Office"',
        'positions:',
        `  - { id: "1", title: Principal, holders: [principal@${slug}.example] }`,
        `  - { id: "11.Ops", title: Head of operations, holders: [ops.head@${slug}.example] }`,
        `  - { id: "101.Ops.Maintenance", title: Maintenance lead, holders: [lead@${slug}.example] }`,
        `  - { id: "1001.Ops.Maintenance", title: Technician, holders: [tech@${slug}.example] }`,
        `  - { id: "101.Admin.Office", title: Secretary, holders: [office@${slug}.example] }`,
        'roles:',
        `  - { id: Ops.Maintenance, addresses: [maintenance@${slug}.example] }`,
        `  - { id: Admin.Office, addresses: [office@${slug}.example] }`,
        '',
      ].join('\n'),
    );
    const location = (name: string, phrase: string) =>
      `  - { name: location-${name}, condition: "body contains '${phrase}'", stop: false, action: { tags: ["location:${name}"] } }`;
    write(
      `organizations/${slug}/rules/${slug}_rules.yaml`,
      [
        'metadata: { version: "1.0" }',
        'rules:',
        location('lobby', 'lobby'),
        location('cafeteria', 'cafeteria'),
        ...ROOMS.map((room) => location(room, `room ${room.slice(5)}`)),
        `  - { name: wet-floor, condition: "subject contains 'wet floor'", action: { type: maintenance, subtype: slip, route_to: Ops.Maintenance, escalate_after: 3650d } }`,
        `  - { name: dishwasher, condition: "subject contains 'dishwasher'", action: { type: maintenance, subtype: equipment, route_to: Ops.Maintenance, escalate_after: 3650d, tags: ["equipment:dishwasher"] } }`,
        `  - { name: repairs, condition: "mailbox == 'maintenance@${slug}.example'", action: { type: maintenance, subtype: repair, route_to: Ops.Maintenance, escalate_after: 3650d } }`,
        '',
      ].join('\n'),
    );
  }
}

/**
 * SPEC §6 "Reviews and patterns", through the real pipeline (drop folder → parser → rule-engine →
 * task-service → escalation-scheduler, notifier and audit trail beside) with a clock the test moves
 * through 2026 a day at a time: a seeded year of incidents at three schools that differ only by
 * profile. The wet lobby and the Tuesday dishwasher become investigations at the dates each
 * profile's sensitivity and review frequency imply — opened (automatic), proposed (assisted) or
 * only reported (manual) — and the 80 unrelated room problems never do.
 */
describe('reviews over a seeded year', () => {
  const home = tempDir('orgo-reviews-year-');
  const configDir = path.join(home, 'config');
  let services: InProcessServices;
  const runs = new Map<string, ReviewRunV1[]>();

  // The incidents' tasks only (every incident is maintenance): investigations must not count.
  const taskCount = async () =>
    (
      await services.rpc<TaskListResultV1>(RPC.taskList, {
        type: 'maintenance',
        limit: 1,
        offset: 0,
        scope: null,
      })
    ).total;
  const allTasks = async (): Promise<TaskSnapshotV1[]> => {
    const items: TaskSnapshotV1[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await services.rpc<TaskListResultV1>(RPC.taskList, { limit: 200, offset, scope: null });
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) return items;
    }
  };
  const check = () =>
    services
      .provider<{ checkAll(): Promise<number> }>(
        'escalation-scheduler',
        'reviews/review-calendar.service',
        'ReviewCalendarService',
      )
      .checkAll();

  beforeAll(async () => {
    writeConfig(configDir);
    services = new InProcessServices(
      loadConfig(configDir, { env: {} }),
      home,
      new Date('2026-01-01T05:30:00.000Z'),
    );
    await services.start([
      'audit-log',
      'notifier',
      'task-service',
      'escalation-scheduler',
      'rule-engine',
      'parser',
      'email-gateway',
    ]);

    const incidents = incidentYear();
    expect(incidents).toHaveLength(6 + 10 + 80);
    let expected = 0;
    let next = 0;
    // Each day: at 00:30 the scheduler looks at its calendars (the previous day, week or year may
    // have ended), then the day's mails arrive, each at its own time, into each school's mailbox.
    for (
      let day = new Date('2026-01-01T05:30:00.000Z');
      day <= new Date('2027-01-01T05:30:00.000Z');
      day = new Date(day.getTime() + 86_400_000)
    ) {
      services.setTime(day);
      await check();
      const end = new Date(day.getTime() + 86_400_000).toISOString();
      while (next < incidents.length && incidents[next].at < end) {
        const incident = incidents[next];
        services.setTime(incident.at);
        for (const { slug } of SCHOOLS) {
          const address = `maintenance@${slug}.example`;
          const dir = path.join(home, 'inbox', address);
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, `.incident-${next}.tmp`), incidentMail(incident, next, address));
          fs.renameSync(path.join(dir, `.incident-${next}.tmp`), path.join(dir, `incident-${next}.eml`));
        }
        expected += SCHOOLS.length;
        await eventually(taskCount, (n) => n >= expected, { what: `${expected} tasks`, timeoutMs: 30_000 });
        next++;
      }
    }
    for (const { slug } of SCHOOLS) {
      const list = await services.rpc<ReviewListResultV1>(RPC.reviewList, {
        organization: slug,
        scope: null,
        page: 1,
        page_size: 100,
      });
      const all: ReviewRunV1[] = [];
      for (let page = 1; (page - 1) * 100 < list.total; page++) {
        const items = (
          await services.rpc<ReviewListResultV1>(RPC.reviewList, {
            organization: slug,
            scope: null,
            page,
            page_size: 100,
          })
        ).items;
        for (const item of items)
          all.push(await services.rpc<ReviewRunV1>(RPC.reviewGet, { id: item.id, scope: null }));
      }
      runs.set(
        slug,
        all.sort((a, b) => a.period_start.localeCompare(b.period_start)),
      );
    }
  }, 900_000);

  afterAll(async () => {
    await services?.stop();
  });

  /** The period starts of the runs where a cluster had an outcome, with the outcome. */
  const outcomesOf = (slug: string, cluster: string) =>
    (runs.get(slug) ?? []).flatMap((run) =>
      run.outcomes.filter((o) => o.cluster === cluster).map((o) => [run.period_start, o.outcome]),
    );
  const LOBBY = 'maintenance/slip/location:lobby';
  const DISHWASHER_EQUIPMENT = 'maintenance/equipment/equipment:dishwasher';

  it('runs each profile’s reviews once per period: daily, weekly, yearly', () => {
    const kinds = (slug: string) => [...new Set((runs.get(slug) ?? []).map((r) => r.period))];
    expect(kinds('mercy')).toEqual(['day']);
    expect(kinds('northwind')).toEqual(['week']);
    expect(kinds('friends')).toEqual(['year']);
    for (const { slug } of SCHOOLS) {
      const starts = (runs.get(slug) ?? []).map((r) => r.period_start);
      expect(new Set(starts).size).toBe(starts.length);
    }
    // The yearly review of 2026, run once when 2027 began (midnight in Toronto).
    expect((runs.get('friends') ?? []).map((r) => [r.period_start, r.period_end])).toEqual([
      ['2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
    ]);
  });

  it('hospital (3 in 30 days, automatic): opens each investigation the day the third case arrives; later cases join', () => {
    expect(outcomesOf('mercy', LOBBY).slice(0, 3)).toEqual([
      ['2026-02-16T05:00:00.000Z', 'opened'],
      ['2026-02-17T05:00:00.000Z', 'already_open'],
      ['2026-02-18T05:00:00.000Z', 'already_open'],
    ]);
    expect(outcomesOf('mercy', LOBBY)).toContainEqual(['2026-02-20T05:00:00.000Z', 'joined']);
    expect(outcomesOf('mercy', DISHWASHER_EQUIPMENT)[0]).toEqual(['2026-09-15T04:00:00.000Z', 'opened']);
  });

  it('advocacy group (5 in 60 days, weekly, assisted): proposes at the end of the week of the fifth case', () => {
    expect(outcomesOf('northwind', LOBBY)[0]).toEqual(['2026-02-23T05:00:00.000Z', 'proposed']);
    expect(outcomesOf('northwind', DISHWASHER_EQUIPMENT)[0]).toEqual([
      '2026-09-28T04:00:00.000Z',
      'proposed',
    ]);
  });

  it('friend group (10 in 180 days, yearly, manual): only reports the dishwasher, and not the six wet floors', () => {
    const [year] = runs.get('friends') ?? [];
    expect(year.report.patterns.map((p) => p.cluster)).toEqual([DISHWASHER_EQUIPMENT]);
    expect(year.outcomes).toEqual([
      { cluster: DISHWASHER_EQUIPMENT, outcome: 'reported', investigation_id: null },
    ]);
    expect(year.report.totals.new).toBe(96);
  });

  it('never finds a pattern in the background noise', () => {
    for (const { slug } of SCHOOLS) {
      const clusters = new Set(
        (runs.get(slug) ?? []).flatMap((r) => r.report.patterns.map((p) => p.cluster)),
      );
      expect([...clusters].filter((c) => c !== LOBBY && c !== DISHWASHER_EQUIPMENT)).toEqual([]);
    }
  });

  it('investigation tasks: routed to the head with an audit label, or waiting in triage when proposed, linked to their cases', async () => {
    const tasks = await allTasks();
    const investigations = tasks.filter((t) => t.type === 'investigation');
    const of = (org: string) =>
      investigations
        .filter((t) => t.organization === org)
        .sort((a, b) => a.created_at.localeCompare(b.created_at));
    // Routed to the head of operations with the audit label 11.34.Ops (category 3, subcategory 4);
    // nobody worked them all year, so the hospital's escalation has since taken them up the chain.
    expect(
      of('mercy').map((t) => [
        t.metadata.review_cluster,
        t.escalation.chain[0],
        t.category,
        t.subcategory,
        t.label.split('.')[1],
      ]),
    ).toEqual([
      [LOBBY, '11.Ops', 3, 4, '34'],
      [DISHWASHER_EQUIPMENT, '11.Ops', 3, 4, '34'],
    ]);
    expect(
      of('northwind').map((t) => [t.metadata.review_cluster, t.assignee.position, t.suggested_position]),
    ).toEqual([
      [LOBBY, '101.Admin.Office', '11.Ops'],
      [DISHWASHER_EQUIPMENT, '101.Admin.Office', '11.Ops'],
    ]);
    expect(of('friends')).toEqual([]);
    const lobby = of('mercy')[0];
    const linked = tasks
      .filter((t) => (t.metadata.investigation as { id?: string } | undefined)?.id === lobby.id)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
    // The three that crossed the threshold, and the two that joined later in February.
    expect(linked.map((t) => t.created_at.slice(0, 10))).toEqual([
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-20',
      '2026-02-25',
    ]);
    expect(lobby.metadata.cases).toHaveLength(5);
  });
});
