import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';
import { twoOrganizationsConfig } from './support/two-organizations';
import { signInPrivacyOfficer } from './support/users';
import { CALLERS, type Caller, type MatrixWorld, OUTSIDE_OPENAPI, type Outcome, PUBLIC_ROUTES, SCENARIOS, type Scenario } from './rbac-matrix.expectations';

/**
 * The RBAC matrix (issue 11 item 7): every route × admin, privacy officer, member with and without
 * a position, member of the other organization, no token. The route table is the running API's:
 * its OpenAPI document (GET /api/docs-json), cross-checked with the route decorators of the
 * api-gateway's controllers so that a route left out of the document is not missed. A route without
 * an expectation, or an expectation of a route that is gone, fails the suite.
 */

const EXPECTATIONS_FILE = 'tests/rbac-matrix.expectations.ts';
const CONTROLLERS = path.join(ROOT, 'apps', 'api-gateway', 'src');
const PASSWORD = 'Quartz-Lantern-Fjord-83';
const ORG_A = 'riverside';
const ORG_B = 'lakeside';
const TRIAGE_A = '101.Front.Desk';
/** Tasks for the cells that change one: as many as the scenarios take, one per caller each. */
const FRESH_PRIVATE = CALLERS.length * SCENARIOS.filter((s) => s.on?.startsWith('a fresh private task')).length;
const FRESH_OPEN = CALLERS.length * SCENARIOS.filter((s) => s.on?.startsWith('a fresh organization-visible task')).length;

interface Route {
  route: string;
  /** Where it was found: the OpenAPI document, a controller file, or the list of routes outside the document. */
  source: string;
}

/** The routes declared by the api-gateway's controllers (@Get, @Post, … and @Sse), as `METHOD /path/{param}`. */
function controllerRoutes(): Route[] {
  const files = (fs.readdirSync(CONTROLLERS, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
  return files.flatMap((file) => {
    const source = fs.readFileSync(path.join(CONTROLLERS, file), 'utf8');
    const controllers = [...source.matchAll(/@Controller\(([^)]*)\)/g)];
    if (controllers.length !== 1) throw new Error(`apps/api-gateway/src/${file}: expected one @Controller(...), found ${controllers.length}; teach controllerRoutes() this form`);
    const prefix = /^\s*(?:'([^']*)')?\s*$/.exec(controllers[0][1]);
    if (!prefix) throw new Error(`apps/api-gateway/src/${file}: @Controller(${controllers[0][1]}) is not a plain path; teach controllerRoutes() this form`);
    return [...source.matchAll(/@(Get|Post|Put|Patch|Delete|Sse|All|Head|Options)\(([^)]*)\)/g)].map((m) => {
      const sub = /^\s*(?:'([^']*)')?\s*$/.exec(m[2]);
      if (!sub) throw new Error(`apps/api-gateway/src/${file}: @${m[1]}(${m[2]}) is not a plain path; teach controllerRoutes() this form`);
      const method = m[1] === 'Sse' ? 'GET' : m[1].toUpperCase();
      const joined = [prefix[1], sub[1]].filter(Boolean).join('/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      return { route: `${method} /${joined}`, source: `apps/api-gateway/src/${file}` };
    });
  });
}

function parseOutcome(outcome: Outcome): { status: number; code?: string } {
  if (typeof outcome === 'number') return { status: outcome };
  const [status, code] = outcome.split(' ');
  return { status: Number(status), code };
}

const describeCell = (s: Scenario) => `${s.route}${s.on ? ` [${s.on}]` : ''}`;

describe('RBAC matrix: every route × every caller', () => {
  let orgo: Standalone;
  let openApi: Route[] = [];
  const tokens = {} as Record<Caller, string | null>;
  let world: MatrixWorld;

  /** One call as a caller; an event stream is answered with its status and closed at once. */
  async function call(caller: Caller, method: string, url: string, body?: unknown): Promise<{ status: number; body: any; type: string }> {
    const token = tokens[caller];
    const res = await fetch(orgo.url + url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: null, type };
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: metrics, the Swagger UI */
    }
    return { status: res.status, body: parsed, type };
  }

  beforeAll(async () => {
    const home = tempDir('orgo-rbac-matrix-');
    // Several members and the sign-in cells sign in within a minute: more than the default 10 per address.
    orgo = await startStandalone(twoOrganizationsConfig(), home, undefined, { ORGO_API_GATEWAY__RATE_LIMITS__SIGN_IN_PER_MINUTE: '1000' });
    const admin = new ApiClient(orgo.url);
    await admin.login();
    tokens.admin = admin.token;
    tokens.anonymous = null;

    // One real task in each organization (and the fresh ones the changing cells use), and a quarantined mail of org A.
    const drop = (mailbox: string, name: string, from: string, subject: string) =>
      dropMail(home, mailbox, `${name}.eml`, mail({ from, to: mailbox, subject, body: 'Please look into this.', id: `${name}@members.example` }));
    drop('hello@riverside.example', 'private', 'Pat Reporter <pat@members.example>', 'A complaint about the coach');
    drop('hello@riverside.example', 'open', 'visitor@members.example', 'Opening hours on Sunday?');
    drop('boats@club.lakeside.example', 'oar', 'rower@members.example', 'A broken oar');
    for (let i = 0; i < FRESH_PRIVATE; i++) drop('hello@riverside.example', `fresh-private-${i}`, `reporter${i}@members.example`, `Fresh complaint ${i}`);
    for (let i = 0; i < FRESH_OPEN; i++) drop('hello@riverside.example', `fresh-open-${i}`, `visitor${i}@members.example`, `Fresh question ${i}`);
    dropMail(home, 'hello@riverside.example', 'no-sender.eml', ['To: hello@riverside.example', 'Subject: Nobody sent this', 'Message-ID: <no-sender@members.example>', '', 'Body.', ''].join('\r\n'));

    const createMember = async (caller: Caller, email: string, organizations: string[]) => {
      const created = await admin.request('POST', '/api/v1/users', { email, password: PASSWORD, organizations });
      if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
      const client = new ApiClient(orgo.url);
      await client.login({ email, password: PASSWORD });
      tokens[caller] = client.token;
    };
    await createMember('memberWithPosition', 'desk@riverside.example', [ORG_A]);
    await createMember('memberWithoutPosition', 'clerk@riverside.example', [ORG_A]);
    await createMember('otherOrganization', 'secretary@lakeside.example', [ORG_B]);
    tokens.privacyOfficer = (await signInPrivacyOfficer(admin, orgo.url, 'privacy@riverside.example', [ORG_A])).token;
    const signInUser = { email: 'signin@riverside.example', password: PASSWORD };
    expect((await admin.request('POST', '/api/v1/users', { ...signInUser, organizations: [ORG_A] })).status).toBe(201);

    const expected = 3 + FRESH_PRIVATE + FRESH_OPEN;
    const tasks: any[] = (await eventually(async () => (await admin.get('/api/v1/tasks?limit=200')).body, (b) => b.total === expected, { what: `${expected} tasks`, timeoutMs: 30_000 })).items;
    const quarantine = await eventually(async () => (await admin.get('/api/v1/quarantine')).body, (b) => b.total === 1, { what: 'the quarantined mail' });
    const titled = (title: string) => {
      const task = tasks.find((t) => t.title === title);
      if (!task) throw new Error(`no task '${title}' among ${tasks.map((t) => t.title).join(', ')}`);
      return task;
    };
    // The objects are what the cells say they are: private and sensitive, or organization-visible, at the triage position the member holds.
    const privateTasks = [titled('A complaint about the coach'), ...Array.from({ length: FRESH_PRIVATE }, (_, i) => titled(`Fresh complaint ${i}`))];
    const openTasks = [titled('Opening hours on Sunday?'), ...Array.from({ length: FRESH_OPEN }, (_, i) => titled(`Fresh question ${i}`))];
    for (const t of privateTasks) expect(t).toMatchObject({ organization: ORG_A, visibility: 'private', sensitive: true, assignee: { position: TRIAGE_A } });
    for (const t of openTasks) expect(t).toMatchObject({ organization: ORG_A, visibility: 'organization', assignee: { position: TRIAGE_A } });
    expect(titled('A broken oar')).toMatchObject({ organization: ORG_B });

    let users = 0;
    const freshPrivate = privateTasks.slice(1).map((t) => t.id as string);
    const freshOpen = openTasks.slice(1).map((t) => t.id as string);
    const take = (pool: string[], what: string) => {
      const id = pool.shift();
      if (!id) throw new Error(`no ${what} left: a scenario whose 'on' starts with '${what}' takes one per caller`);
      return id;
    };
    world = {
      privateTask: privateTasks[0].id,
      openTask: openTasks[0].id,
      otherOrganizationTask: titled('A broken oar').id,
      quarantined: quarantine.items[0].id,
      emails: {
        admin: 'admin@orgo.test',
        privacyOfficer: 'privacy@riverside.example',
        memberWithPosition: 'desk@riverside.example',
        memberWithoutPosition: 'clerk@riverside.example',
        otherOrganization: 'secretary@lakeside.example',
        anonymous: null,
      },
      scopes: { admin: null, privacyOfficer: [ORG_A], memberWithPosition: [ORG_A], memberWithoutPosition: [ORG_A], otherOrganization: [ORG_B], anonymous: null },
      freshPrivateTask: () => take(freshPrivate, 'a fresh private task'),
      freshOpenTask: () => take(freshOpen, 'a fresh organization-visible task'),
      newEmail: () => `rbac-user-${++users}@riverside.example`,
      throwawayUser: async () => {
        const created = await admin.request('POST', '/api/v1/users', { email: world.newEmail(), password: PASSWORD, organizations: [ORG_A] });
        if (created.status !== 201) throw new Error(`a throwaway member: ${created.status} ${JSON.stringify(created.body)}`);
        return created.body.id;
      },
      signInUser,
      freshRefreshToken: async () => {
        const client = new ApiClient(orgo.url);
        await client.login(signInUser);
        return client.refreshToken as string;
      },
      as: (caller, method, url, body) => call(caller, method, url, body),
    };

    // The route table of the running API.
    const docs = await fetch(`${orgo.url}/api/docs-json`);
    expect(docs.status).toBe(200);
    const document = (await docs.json()) as { paths: Record<string, Record<string, unknown>> };
    openApi = Object.entries(document.paths).flatMap(([p, operations]) => Object.keys(operations).map((method) => ({ route: `${method.toUpperCase()} ${p}`, source: 'GET /api/docs-json' })));
  }, 120_000);

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  describe('the route table', () => {
    const controllers = controllerRoutes();
    const expected = new Set(SCENARIOS.map((s) => s.route));

    it('reads the routes from the OpenAPI document, which lists health but not metrics or the docs themselves', () => {
      const listed = openApi.map((r) => r.route);
      expect(listed.length).toBeGreaterThan(20);
      expect(listed).toEqual(expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /api/v1/tasks', 'GET /api/v1/events/stream']));
      for (const route of Object.keys(OUTSIDE_OPENAPI)) expect(listed).not.toContain(route);
    });

    it('finds every controller route in the OpenAPI document, or among the routes left out of it on purpose', () => {
      const listed = new Set(openApi.map((r) => r.route));
      const missing = controllers.filter((r) => !listed.has(r.route) && !(r.route in OUTSIDE_OPENAPI));
      expect(missing.map((r) => `${r.route} (${r.source}) is not in the OpenAPI document: document it, or add it to OUTSIDE_OPENAPI in ${EXPECTATIONS_FILE} with why`)).toEqual([]);
      // The scan reads the decorators right: it finds every documented route in the controllers.
      const scanned = new Set(controllers.map((r) => r.route));
      expect([...listed].filter((r) => !scanned.has(r)).map((r) => `${r} is documented but controllerRoutes() did not find it in apps/api-gateway/src`)).toEqual([]);
    });

    it('has an expectation for every caller on every route of the running API', () => {
      const routes = [...openApi, ...controllers, ...Object.keys(OUTSIDE_OPENAPI).map((route) => ({ route, source: 'OUTSIDE_OPENAPI' }))];
      const without = [...new Map(routes.filter((r) => !expected.has(r.route)).map((r) => [r.route, r])).values()];
      expect(without.map((r) => `${r.route} (from ${r.source}) has no RBAC expectation: add a scenario to SCENARIOS in ${EXPECTATIONS_FILE} with the answer for every caller (${CALLERS.join(', ')})`)).toEqual([]);
      const incomplete = SCENARIOS.flatMap((s) => CALLERS.filter((c) => s.expect[c] === undefined).map((c) => `${describeCell(s)} has no expectation for ${c}: add the answer for every caller (${CALLERS.join(', ')})`));
      expect(incomplete).toEqual([]);
    });

    it('names only routes the running API has', () => {
      const existing = new Set([...openApi, ...controllers].map((r) => r.route).concat(Object.keys(OUTSIDE_OPENAPI)));
      const gone = [...expected].filter((r) => !existing.has(r));
      expect(gone.map((r) => `${EXPECTATIONS_FILE} expects ${r}, which the running API no longer has (not in /api/docs-json nor in a controller): remove or rename the scenario`)).toEqual([]);
    });

    it('lets only health, metrics, docs and signing in answer without a token (SPEC §7)', () => {
      const open = [...new Set(SCENARIOS.filter((s) => parseOutcome(s.expect.anonymous).status !== 401).map((s) => s.route))].sort();
      expect(open).toEqual([...PUBLIC_ROUTES].sort());
    });
  });

  const cells = (scenarios: Scenario[]) =>
    scenarios.flatMap((scenario) => CALLERS.map((caller) => ({ name: `${describeCell(scenario)} × ${caller} → ${scenario.expect[caller]}`, scenario, caller })));

  const runCell = async ({ scenario, caller }: { scenario: Scenario; caller: Caller }) => {
    const [method] = scenario.route.split(' ');
    const request = await scenario.request(world, caller);
    const res = await call(caller, method, request.path, request.body);
    const want = parseOutcome(scenario.expect[caller]);
    const got = { status: res.status, ...(want.code !== undefined ? { code: res.body?.details?.code } : {}) };
    expect({ cell: `${method} ${request.path} as ${caller}`, ...got }).toEqual({ cell: `${method} ${request.path} as ${caller}`, ...want });
    if (scenario.route === 'GET /api/v1/events/stream' && res.status === 200) expect(res.type).toMatch(/^text\/event-stream/);
    if (scenario.check && res.status >= 200 && res.status < 300) scenario.check(res.body, caller, world);
  };

  describe('cells', () => {
    it.each(cells(SCENARIOS.filter((s) => !s.last)))('$name', runCell);
  });

  describe('cells that end the caller’s sign-in (last)', () => {
    it.each(cells(SCENARIOS.filter((s) => s.last)))('$name', runCell);
  });
});
