import { type EmailParsedV1, type QuarantineListQueryV1, type QuarantineListResultV1, type QuarantineViewerV1, type RpcResult, createEnvelope } from '@orgo/contracts';
import { InProcessBus } from '@orgo/messaging';
import type { DatabaseOptions } from '@orgo/persistence';
import { type ServiceContext, ServiceRuntime } from '@orgo/runtime';
import { blindIndex } from '@orgo/security';
import { describeHits, scanRawDatabases } from '@orgo/testing';

import { ParsedEmailEntity } from '../parsing/parsed-email.entity';
import { ParserHarness, postgresSchema } from '../parsing/parser-test-harness';
import { ReporterPseudonymizedService } from '../privacy/reporter-pseudonymized.service';
import { QuarantineService } from './quarantine.service';

const value = <T>(result: RpcResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const DATABASES: [string, DatabaseOptions | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', postgresSchema('parser_quarantine_scope')],
];
const REPORTER = 'maria.lopez@example.org';
const PHONE = '+1 (555) 010-4477';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, 0) + minute * 60_000).toISOString();
const mail = (from: string, to: string, subject: string, body = 'See the staff room.') =>
  Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W+/g, '-')}@mail.example>\r\n\r\n${body}\r\n`);
const harassment = (n: number) => mail(`Maria Lopez <${REPORTER}>`, 'maintenance@northside.example', `Harassment report ${n}`, `It happened again.\r\nCall me: ${PHONE}\r\n\r\nMaria Lopez`);

const ADMIN: QuarantineViewerV1 = { email: 'admin@northside.example', admin: true };
const member = (email: string): QuarantineViewerV1 => ({ email, admin: false });

/**
 * Who sees what of the quarantine (SPEC §6): a member only mail to the mailboxes of the positions
 * they hold (the triage holder also mail to unclaimed mailboxes), administrators all; a sender the
 * rules made a sensitive reporter (`privacy.reporter.pseudonymized`) is shown by pseudonym with no
 * subject to everyone — mail held back before the decision and after it — and no filter finds them.
 */
describe.each(DATABASES)('quarantine scope and sensitive reporters (%s)', (_database, options) => {
  let harness: ParserHarness;
  let quarantine: QuarantineService;
  let pseudonymized: ReporterPseudonymizedService;

  const list = async (viewer: QuarantineViewerV1, query: Partial<QuarantineListQueryV1> = {}): Promise<QuarantineListResultV1> =>
    value(await quarantine.list({ limit: 50, offset: 0, scope: ['northside'], viewer, ...query }));
  const ids = async (viewer: QuarantineViewerV1, query: Partial<QuarantineListQueryV1> = {}) => (await list(viewer, query)).items.map((i) => i.id).sort();
  const pseudonymize = (emailId: string) =>
    harness.tx.run((m) =>
      pseudonymized.handle(
        createEnvelope('privacy.reporter.pseudonymized', { emailId, senderIndex: blindIndex(harness.keys, 'northside', REPORTER), pseudonym: 'Anon-7' }, { producer: 'rule-engine', organizationId: 'northside' }),
        m,
      ),
    );

  beforeAll(async () => {
    harness = await ParserHarness.open({ rateLimit: { messages: 1, windowMs: 60 * 60_000 } }, options);
    harness.config.organizations[0].intake = { block: ['@spam.example'] };
    const context = { service: 'parser', config: harness.config, logger: harness.logger } as ServiceContext;
    const runtime = new ServiceRuntime(context, new InProcessBus(), harness.tx);
    quarantine = new QuarantineService(harness.tx, harness.intake, runtime, context, harness.keys, () => new Date(), harness.logger);
    pseudonymized = new ReporterPseudonymizedService(harness.keys, () => new Date(), harness.logger);

    await harness.receive(harassment(1), 'report-1', { receivedAt: at(0) });
    await harness.receive(harassment(2), 'report-2', { receivedAt: at(1) });
    await harness.receive(mail('offers@spam.example', 'it@northside.example', 'Cheap printers'), 'it-1', { receivedAt: at(2), mailbox: 'it@northside.example' });
    await harness.receive(Buffer.from('To: desk@northside.example\r\nSubject: Who\r\n\r\nNobody.\r\n'), 'desk-1', { receivedAt: at(3), mailbox: 'desk@northside.example' });
    await harness.receive(mail('loop@example.org', 'maintenance@northside.example', 'Loop 1'), 'loop-1', { receivedAt: at(4) });
    await harness.receive(mail('loop@example.org', 'maintenance@northside.example', 'Loop 2'), 'loop-2', { receivedAt: at(5) });
  });

  afterAll(() => harness?.close());

  it('shows a member the mail of the mailboxes of their positions only, the triage holder the unclaimed ones, an administrator all', async () => {
    expect(await ids(ADMIN)).toEqual(['desk-1', 'it-1', 'loop-2', 'report-2']);
    expect(await ids(member('bob@northside.example'))).toEqual(['loop-2', 'report-2']);
    expect(await ids(member('jane@northside.example'))).toEqual(['loop-2', 'report-2']);
    expect((await list(member('bob@northside.example'))).total).toBe(2);
    expect(await ids(member('priya@northside.example'))).toEqual(['it-1']);
    expect(await ids(member('office.lead@northside.example'))).toEqual(['desk-1']);
    expect(await ids(member('sam@northside.example'))).toEqual([]);
    expect(await ids(member('nobody@northside.example'))).toEqual([]);
    expect(await ids(member('bob@northside.example'), { scope: ['elsewhere'] })).toEqual([]);
    expect(await ids(member('bob@northside.example'), { reason: 'EMAIL.BLOCKED_SENDER' })).toEqual([]);
  });

  it('lets only administrators replay; a member asking for another mailbox’s mail is told it does not exist', async () => {
    const bob = member('bob@northside.example');
    expect(await quarantine.replay({ id: 'it-1', actor: bob.email, scope: ['northside'], viewer: bob })).toMatchObject({ ok: false, error: { code: 'QUARANTINE.NOT_FOUND' } });
    expect(await quarantine.replay({ id: 'nope', actor: bob.email, scope: ['northside'], viewer: bob })).toMatchObject({ ok: false, error: { code: 'QUARANTINE.NOT_FOUND' } });
    expect(await quarantine.replay({ id: 'report-2', actor: bob.email, scope: ['northside'], viewer: bob })).toMatchObject({ ok: false, error: { code: 'QUARANTINE.ADMIN_ONLY' } });
  });

  it('shows sender and subject before the decision, and finds a sender by their exact address only', async () => {
    const [item] = (await list(ADMIN, { sender: REPORTER })).items;
    expect(item).toMatchObject({ id: 'report-2', sender: REPORTER, subject: 'Harassment report 2', pseudonymous: false, reason: 'EMAIL.RATE_LIMITED' });
    expect(await ids(ADMIN, { sender: 'MARIA.LOPEZ@Example.org' })).toEqual(['report-2']);
    expect(await ids(ADMIN, { sender: 'maria' })).toEqual([]);
    expect(await ids(ADMIN, { sender: 'example.org' })).toEqual([]);
    expect(await ids(member('priya@northside.example'), { sender: REPORTER })).toEqual([]);
  });

  it('shows a pseudonymous sender by pseudonym with no subject to everyone, before and after the decision, and no filter finds them', async () => {
    expect(await pseudonymize('report-1')).toBe('processed');
    expect(await pseudonymize('report-1')).toBe('skipped');
    // A copy held back after the decision.
    await harness.receive(harassment(3), 'report-3', { receivedAt: at(6) });

    for (const viewer of [ADMIN, member('bob@northside.example')]) {
      const items = (await list(viewer)).items.filter((i) => i.id.startsWith('report'));
      expect(items.map((i) => i.id).sort()).toEqual(['report-2', 'report-3']);
      for (const item of items) expect(item).toMatchObject({ sender: 'Anon-7', subject: '(sensitive report)', pseudonymous: true, message_id: null });
      expect(JSON.stringify(items).toLowerCase()).not.toMatch(/maria|lopez|4477/);
    }
    // Others keep their sender and subject.
    expect((await list(ADMIN, { sender: 'loop@example.org' })).items).toMatchObject([{ id: 'loop-2', sender: 'loop@example.org', subject: 'Loop 2', pseudonymous: false }]);
    expect(await ids(ADMIN, { sender: REPORTER })).toEqual([]);
    expect(await ids(ADMIN, { scope: null, sender: REPORTER })).toEqual([]);
    // The rate limit still counts the reporter by blind index.
    expect((await harness.outcome('report-3')).outcome).toBe('quarantined');
  });

  it('rewrites the parsed email so that its sealed copy carries the pseudonym', async () => {
    const row = await harness.tx.read((m) => m.findOneByOrFail(ParsedEmailEntity, { emailId: 'report-1' }));
    expect(row.parsed).toMatch(/^enc:v1:/);
    const email = JSON.parse(harness.unsealed(row.parsed) ?? '') as EmailParsedV1;
    expect(email.from).toEqual({ address: 'Anon-7', name: '' });
    expect(`${email.subject}\n${email.text}`.toLowerCase()).not.toMatch(/maria|lopez/);
    expect(row.senderIndex).toBe(blindIndex(harness.keys, 'northside', REPORTER));
  });

  it('keeps the reporter out of every column of every table and out of the log', async () => {
    const target =
      harness.database.type === 'postgres' ? { postgres: { url: harness.database.url ?? '', schemas: [harness.database.schema ?? ''] } } : { sqlite: [harness.database.path] };
    const hits = await scanRawDatabases(target, [REPORTER, 'Maria', 'Lopez', { phone: PHONE }]);
    expect(describeHits(hits)).toBe('');
    expect(harness.logLines.join('\n').toLowerCase()).not.toMatch(/maria|lopez|555.?010.?4477/);
    expect(harness.logLines.some((l) => l.includes('sender over the rate limit') && l.includes(blindIndex(harness.keys, 'northside', REPORTER).slice(0, 12)))).toBe(true);
  });
});
