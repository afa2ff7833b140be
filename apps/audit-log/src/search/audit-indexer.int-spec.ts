import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client, errors } from '@elastic/elasticsearch';
import Mock, { type MockPattern, type ResolverFn } from '@elastic/elasticsearch-mock';
import { type Envelope, QUEUES, createEnvelope } from '@orgo/contracts';
import { loadConfig } from '@orgo/config';
import { InProcessBus } from '@orgo/messaging';
import { type DatabaseOptions, TransactionRunner, openServiceDatabase } from '@orgo/persistence';
import { NestPinoLogger, type ServiceContext, startService } from '@orgo/runtime';
import { waitFor } from '@orgo/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';

import { AUDIT_LOG_STORAGE } from '../audit-log.module';
import { AuditChainService } from '../audit/audit-chain.service';
import { testRing } from '../audit/audit-chain.test-support';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { AuditService } from '../audit/audit.service';
import { service } from '../service';
import { type AuditSettings, DEFAULT_AUDIT_SETTINGS } from '../settings/audit-settings';
import type { AuditIndexDocument } from './audit-index-document';
import { AuditIndexMarkEntity } from './audit-index-mark.entity';
import { auditIndexMetrics } from './audit-index-metrics';
import { AuditIndexRetryEntity } from './audit-index-retry.entity';
import { AuditIndexerService } from './audit-indexer.service';

const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const INDEX = 'orgo-audit-test';
const IDENTITY = ['maya.jones@members.example', 'Maya Jones', '+44 20 7946 0958'];

const ENGINES: [string, () => DatabaseOptions][] = [
  [
    'PostgreSQL',
    () => ({
      type: 'postgres',
      url: POSTGRES_URL,
      schema: `audit_index_${process.pid}_${Date.now().toString(36)}`,
    }),
  ],
  [
    'SQLite',
    () => ({
      type: 'sqlite',
      path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-audit-index-')), 'audit.sqlite'),
    }),
  ],
];

type Mode = 'up' | 'unavailable' | 'connection';
type BulkLine = { index?: { _index: string; _id: string } } | AuditIndexDocument;

/**
 * Elasticsearch as far as the indexer uses it, behind the official mock connection: documents by
 * `_id`, every acknowledged write counted per id, the ids of each bulk request, and switches to
 * answer 503, refuse connections, or refuse chosen documents (a mapping error).
 */
class FakeElasticsearch {
  readonly mock = new Mock();
  readonly docs = new Map<string, AuditIndexDocument>();
  readonly writes = new Map<string, number>();
  readonly bulks: string[][] = [];
  readonly template: { body?: Record<string, unknown> } = {};
  mode: Mode = 'up';
  refuse = new Set<string>();
  private created = false;

  constructor() {
    const guard =
      (answer: (params: MockPattern) => ReturnType<ResolverFn>) =>
      (params: MockPattern): ReturnType<ResolverFn> => {
        if (this.mode === 'unavailable') {
          return new errors.ResponseError({
            body: { error: { type: 'unavailable_shards_exception' }, status: 503 },
            statusCode: 503,
            headers: {},
            warnings: null,
            meta: {},
          } as never);
        }
        if (this.mode === 'connection')
          return new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200');
        return answer(params);
      };
    this.mock.add(
      { method: 'PUT', path: '/_index_template/:name' },
      guard(({ body }) => ((this.template.body = body as Record<string, unknown>), { acknowledged: true })),
    );
    this.mock.add(
      { method: 'HEAD', path: '/:index' },
      guard(() =>
        this.created
          ? ''
          : new errors.ResponseError({
              body: '',
              statusCode: 404,
              headers: {},
              warnings: null,
              meta: {},
            } as never),
      ),
    );
    this.mock.add(
      { method: 'PUT', path: '/:index' },
      guard(() => ((this.created = true), { acknowledged: true, index: INDEX })),
    );
    this.mock.add(
      { method: 'PUT', path: '/:index/_mapping' },
      guard(() => ({ acknowledged: true })),
    );
    this.mock.add(
      { method: ['GET', 'POST'], path: '/:index/_refresh' },
      guard(() => ({ _shards: { total: 1, successful: 1, failed: 0 } })),
    );
    this.mock.add(
      { method: 'POST', path: '/_bulk' },
      guard(({ body }) => this.bulk(body as BulkLine[])),
    );
    this.mock.add(
      { method: 'POST', path: '/:index/_delete_by_query' },
      guard(({ body }) => this.deleteByQuery(body as DeleteQuery)),
    );
  }

  client(): Client {
    return new Client({
      node: 'http://localhost:9200',
      Connection: this.mock.getConnection(),
      maxRetries: 0,
    });
  }

  private bulk(lines: BulkLine[]) {
    const items = [];
    const ids: string[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = (lines[i] as { index: { _index: string; _id: string } }).index;
      ids.push(action._id);
      if (this.refuse.has(action._id)) {
        items.push({
          index: {
            _index: action._index,
            _id: action._id,
            status: 400,
            error: {
              type: 'document_parsing_exception',
              reason: `failed to parse field [orgo.audit.details] preview of value: '${IDENTITY[0]}'`,
            },
          },
        });
        continue;
      }
      this.docs.set(action._id, lines[i + 1] as AuditIndexDocument);
      this.writes.set(action._id, (this.writes.get(action._id) ?? 0) + 1);
      items.push({ index: { _index: action._index, _id: action._id, status: 200, result: 'created' } });
    }
    this.bulks.push(ids);
    return { took: 1, errors: items.some((item) => item.index.status >= 300), items };
  }

  private deleteByQuery(body: DeleteQuery) {
    const [term, range] = body.query.bool.filter;
    let deleted = 0;
    for (const [id, doc] of this.docs) {
      if (
        doc.event.category === term.term['event.category'] &&
        doc.event.sequence <= range.range['event.sequence'].lte
      ) {
        this.docs.delete(id);
        deleted++;
      }
    }
    return { took: 1, deleted, failures: [] };
  }
}

interface DeleteQuery {
  query: { bool: { filter: [{ term: Record<string, string> }, { range: Record<string, { lte: number }> }] } };
}

async function metric(name: 'failures' | 'lag', labels: Record<string, string>): Promise<number> {
  const { values } = await auditIndexMetrics[name].get();
  return values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k as keyof typeof v.labels] === l))
    .reduce((sum, v) => sum + v.value, 0);
}

describe.each(ENGINES)('the Elasticsearch audit index fed from the trail on %s', (_engine, database) => {
  const options = database();
  const ring = testRing(['a1']);
  let now = Date.parse('2026-12-01T10:00:00.000Z');
  const clock = () => new Date(now);
  const tick = () => new Date((now += 1000));
  let ds: DataSource;
  let tx: TransactionRunner;
  let audit: AuditService;
  let es: FakeElasticsearch;
  let indexer: AuditIndexerService;
  const settings: AuditSettings = {
    ...DEFAULT_AUDIT_SETTINGS,
    index: {
      url: 'http://localhost:9200',
      index: INDEX,
      batchSize: 4,
      intervalMs: 1_000,
      tlsCaFile: null,
      auth: null,
    },
  };

  beforeAll(async () => {
    ds = await openServiceDatabase({ service: 'audit-log', database: options, ...AUDIT_LOG_STORAGE });
    tx = new TransactionRunner(ds);
    audit = new AuditService(tx, new AuditChainService(ring, tick, settings), ring);
    // One cluster for the whole suite: what an earlier test indexed is still there, and counted.
    es = new FakeElasticsearch();
  });

  beforeEach(() => {
    Object.assign(es, { mode: 'up', refuse: new Set() });
    es.bulks.length = 0;
    indexer = new AuditIndexerService(tx, es.client(), settings, clock, pino({ level: 'silent' }));
  });

  // Each test's indexer lets its lease go, as at a shutdown, for the next one to take.
  afterEach(() => indexer.onApplicationShutdown());

  afterAll(async () => {
    if (ds) {
      if (options.type === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
      await ds.destroy();
    }
    if (options.type === 'sqlite') fs.rmSync(path.dirname(options.path), { recursive: true, force: true });
  });

  const record = (envelope: Envelope) => tx.run((m) => audit.append(envelope, m));
  const emailEvents = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const emailId = randomUUID();
      await record(
        createEnvelope(
          'email.received',
          { emailId, mailbox: 'hr@northside.example', source: 'drop_folder', from: IDENTITY[0] },
          { producer: 'email-gateway', organizationId: 'northside', correlationId: emailId },
        ) as Envelope,
      );
    }
  };
  const sensitiveTask = async () => {
    const emailId = randomUUID();
    const task = {
      id: randomUUID(),
      key: 'NS-9',
      label: '11.63.HR.Harassment',
      status: 'open',
      assignee: { position: '11.HR.Lead' },
      escalation: { level: 0 },
      source: { email_id: emailId },
      reporter: 'Anon-3',
      sensitive: true,
    };
    const events = [
      { type: 'created', actor: 'Anon-3', data: { title: 'Report', from: IDENTITY[0], name: IDENTITY[1] } },
      {
        type: 'reply_received',
        actor: 'Anon-3',
        data: { text: `${IDENTITY[1]}, ${IDENTITY[2]}`, applied: true },
      },
    ];
    for (const event of events) {
      const payload = {
        task,
        event: { id: randomUUID(), at: 'x', ...event },
        previous: null,
        assigneeHolders: ['lead@northside.example'],
        organizationName: 'Northside',
      };
      await record(
        createEnvelope(`task.hr.${event.type}`, payload, {
          producer: 'task-service',
          organizationId: 'northside',
          correlationId: emailId,
        }) as Envelope,
      );
    }
    return task.id;
  };
  const trail = () => ds.manager.find(AuditEntryEntity, { order: { category: 'ASC', seq: 'ASC' } });
  const marks = async () =>
    new Map((await ds.manager.find(AuditIndexMarkEntity)).map((m) => [m.category, m.indexedSeq]));
  /** Passes until the indexer has caught up (a batch is 4 entries). */
  const catchUp = async () => {
    for (let i = 0; i < 20; i++) if (!(await indexer.runOnce()).more) return;
  };

  it("puts every entry in the index under its id, with ECS names, and a sensitive task's entries name nobody", async () => {
    await emailEvents(5);
    const taskId = await sensitiveTask();
    await catchUp();

    const entries = await trail();
    expect(entries).toHaveLength(7);
    expect([...es.docs.keys()].sort()).toEqual(entries.map((e) => e.id).sort());
    for (const entry of entries) {
      expect(es.writes.get(entry.id)).toBe(1);
      expect(es.docs.get(entry.id)).toMatchObject({
        '@timestamp': entry.at,
        event: { id: entry.id, category: entry.category, action: entry.action, sequence: entry.seq },
        trace: { id: entry.correlationId },
      });
    }
    const taskDocs = [...es.docs.values()].filter((d) => d.orgo.task?.id === taskId);
    expect(taskDocs.map((d) => d.event.action).sort()).toEqual(['task.hr.created', 'task.hr.reply_received']);
    const json = JSON.stringify([...es.docs.values()]);
    for (const value of IDENTITY) expect(json).not.toContain(value);
    expect(taskDocs[0].orgo.audit.actor).toBe('Anon-3');

    expect(es.template.body).toMatchObject({
      index_patterns: [INDEX, `${INDEX}-*`],
      template: { mappings: { dynamic: 'strict' } },
    });
    const heads = await ds.manager.find(AuditHeadEntity);
    expect(await marks()).toEqual(new Map(heads.map((h) => [h.category, h.seq])));
    expect(await metric('lag', {})).toBe(0);
  });

  it('loses nothing and holds its mark while Elasticsearch is down, appends go on, and after recovery each entry is indexed once', async () => {
    await catchUp();
    const before = await marks();
    const failures = await metric('failures', { kind: 'request' });
    const unavailable = await metric('failures', { kind: 'request', reason: 'http_503' });

    es.mode = 'unavailable';
    await emailEvents(1);
    // Appends while the indexer is failing: neither waits for the other.
    const [pass] = await Promise.allSettled([indexer.runOnce(), emailEvents(3)]);
    expect(pass).toMatchObject({ status: 'rejected' });
    await expect(indexer.runOnce()).rejects.toMatchObject({ statusCode: 503 });
    es.mode = 'connection';
    await emailEvents(3);
    await expect(indexer.runOnce()).rejects.toBeInstanceOf(errors.ConnectionError);

    expect(await marks()).toEqual(before);
    expect(es.bulks).toEqual([]);
    expect(await metric('failures', { kind: 'request', reason: 'http_503' })).toBe(unavailable + 2);
    expect(await metric('failures', { kind: 'request' })).toBe(failures + 3);
    expect(await metric('lag', { category: 'email' })).toBe(7);

    es.mode = 'up';
    await catchUp();
    const entries = await trail();
    expect([...es.docs.keys()].sort()).toEqual(entries.map((e) => e.id).sort());
    for (const entry of entries) expect(es.writes.get(entry.id)).toBe(1);
    expect(await metric('lag', {})).toBe(0);
  });

  it('retries only the entries Elasticsearch refused, keeps them until it takes them, and moves the mark past the rest', async () => {
    await catchUp();
    const emailMark = (await marks()).get('email') ?? 0;
    const refusals = await metric('failures', { kind: 'item', reason: 'document_parsing_exception' });
    await emailEvents(4);
    const fresh = (await trail()).filter((e) => e.category === 'email' && e.seq > emailMark);
    expect(fresh).toHaveLength(4);
    es.refuse = new Set([fresh[1].id, fresh[3].id]);

    const pass = await indexer.runOnce();
    expect(pass).toMatchObject({ acknowledged: 2, refused: 2 });
    expect(es.bulks).toEqual([fresh.map((e) => e.id)]);
    expect((await marks()).get('email')).toBe(fresh[3].seq);
    const retries = await ds.manager.find(AuditIndexRetryEntity, { order: { seq: 'ASC' } });
    expect(retries.map((r) => [r.entryId, r.attempts, r.reason])).toEqual([
      [fresh[1].id, 1, 'document_parsing_exception'],
      [fresh[3].id, 1, 'document_parsing_exception'],
    ]);
    expect(await metric('failures', { kind: 'item', reason: 'document_parsing_exception' })).toBe(
      refusals + 2,
    );
    expect(await metric('lag', { category: 'email' })).toBe(2);

    // Not due yet: nothing is sent. Still refused when due: counted again, waiting longer.
    await indexer.runOnce();
    expect(es.bulks).toHaveLength(1);
    now += 1_000;
    await indexer.runOnce();
    expect(es.bulks[1].sort()).toEqual([fresh[1].id, fresh[3].id].sort());
    expect((await ds.manager.find(AuditIndexRetryEntity)).map((r) => r.attempts)).toEqual([2, 2]);

    es.refuse.clear();
    now += 2_000;
    await indexer.runOnce();
    expect(es.bulks).toHaveLength(3);
    expect(es.bulks[2].sort()).toEqual([fresh[1].id, fresh[3].id].sort());
    for (const entry of fresh) expect([entry.seq, es.writes.get(entry.id)]).toEqual([entry.seq, 1]);
    expect(await ds.manager.count(AuditIndexRetryEntity)).toBe(0);
    expect(await metric('lag', {})).toBe(0);
  });

  it("follows retention: an erased entry's document is erased too, deleted entries' documents go", async () => {
    await emailEvents(3);
    await catchUp();
    const email = (await trail()).filter((e) => e.category === 'email');
    const [first, second, erased] = email;
    // As retention does (audit-retention.service.ts): delete the oldest run, move the anchor; erase one behind a kept entry.
    await tx.run(async (m) => {
      await m.delete(AuditEntryEntity, { id: first.id });
      await m.delete(AuditEntryEntity, { id: second.id });
      await m.update(
        AuditHeadEntity,
        { category: 'email' },
        { anchorSeq: second.seq, anchorHash: second.hash },
      );
      await m.update(
        AuditEntryEntity,
        { id: erased.id },
        {
          actor: '',
          taskId: null,
          emailId: null,
          label: null,
          details: {},
          erasedAt: new Date(now).toISOString(),
          erasureMac: 'm',
        },
      );
    });
    now += 1_000;
    await indexer.runOnce();

    expect(es.docs.has(first.id)).toBe(false);
    expect(es.docs.has(second.id)).toBe(false);
    expect(es.docs.get(erased.id)).toMatchObject({
      event: { id: erased.id, sequence: erased.seq },
      orgo: { audit: { actor: '', details: {}, erased: true } },
    });
    expect(es.docs.get(erased.id)?.orgo.email).toBeUndefined();
    expect(es.docs.size).toBe((await trail()).length);
    // Once applied, neither is sent again.
    const bulks = es.bulks.length;
    await indexer.runOnce();
    expect(es.bulks).toHaveLength(bulks);
  });

  it('runs by itself once started: tries again with growing waits while Elasticsearch is down, then catches up', async () => {
    const fast: AuditSettings = {
      ...settings,
      index: { ...(settings.index as NonNullable<AuditSettings['index']>), intervalMs: 100 },
    };
    indexer = new AuditIndexerService(tx, es.client(), fast, clock, pino({ level: 'silent' }));
    const refused = await metric('failures', { kind: 'request', reason: 'connection' });
    const earlier = new Set((await trail()).map((e) => e.id));
    es.mode = 'connection';
    indexer.onApplicationBootstrap();
    await emailEvents(2);
    await waitFor(
      () => metric('failures', { kind: 'request', reason: 'connection' }),
      (n) => n >= refused + 2,
      'two failed attempts',
      10_000,
    );
    expect(es.bulks).toEqual([]);
    es.mode = 'up';
    const entries = (await trail()).filter((e) => !earlier.has(e.id));
    expect(entries).toHaveLength(2);
    await waitFor(
      async () => entries.filter((e) => !es.docs.has(e.id)).length,
      (missing) => missing === 0,
      'every entry indexed',
      10_000,
    );
    for (const entry of entries) expect(es.writes.get(entry.id)).toBe(1);
  });

  it('lets one replica feed the index at a time', async () => {
    const other = new AuditIndexerService(tx, es.client(), settings, clock, pino({ level: 'silent' }));
    await emailEvents(1);
    expect(await indexer.runOnce()).toMatchObject({ leased: true });
    expect(await other.runOnce()).toMatchObject({ leased: false, acknowledged: 0 });
    await indexer.onApplicationShutdown();
    expect(await other.runOnce()).toMatchObject({ leased: true });
    await other.onApplicationShutdown();
  });
});

describe('the audit-log service with an Elasticsearch that does not answer', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-audit-index-boot-'));
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('starts, and appends every message while the indexer fails and tries again', async () => {
    const config = loadConfig(path.join(__dirname, '../../../../config'));
    // Port 1: the connection is refused at once.
    config.services['audit-log'] = {
      elasticsearch_url: 'http://127.0.0.1:1',
      elasticsearch_interval_ms: 100,
    };
    const logger = pino({ level: 'silent' });
    const bus = new InProcessBus();
    const context: ServiceContext = {
      service: 'audit-log',
      shape: 'standalone',
      config,
      home,
      database: { type: 'sqlite', path: path.join(home, 'audit-log.sqlite') },
      bus,
      logger,
      clock: () => new Date(),
      retryDelaysMs: [100],
      env: {},
    };
    const failed = await metric('failures', { kind: 'request', reason: 'connection' });
    const app = await startService(service, context, new NestPinoLogger(logger));
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const envelope = createEnvelope(
          'email.received',
          { emailId: randomUUID(), mailbox: 'hr@northside.example' },
          { producer: 'email-gateway', organizationId: 'northside' },
        ) as Envelope;
        ids.push(envelope.id);
        // To the audit-log's queue only: published, it would also wait for the other services' queues.
        await bus.sendToQueue(QUEUES.auditLog, envelope);
      }
      const db = app.get(DataSource);
      await waitFor(
        () => db.getRepository(AuditEntryEntity).count(),
        (n) => n >= 5,
        'five audit entries',
        10_000,
      );
      await waitFor(
        () => metric('failures', { kind: 'request', reason: 'connection' }),
        (n) => n >= failed + 2,
        'the indexer trying again',
        10_000,
      );
      expect((await db.getRepository(AuditEntryEntity).find()).map((e) => e.id)).toEqual(
        expect.arrayContaining(ids),
      );
      expect(await metric('lag', { category: 'email' })).toBeGreaterThanOrEqual(5);
    } finally {
      await app.close();
    }
  });
});
