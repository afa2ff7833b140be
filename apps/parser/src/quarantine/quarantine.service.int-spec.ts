import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_PARSER_SETTINGS } from '@orgo/config';
import type { Envelope, QuarantineListResultV1, QuarantineReplayResultV1, RpcResult } from '@orgo/contracts';
import { MimeParser } from '@orgo/mail-parsing';
import { InProcessBus, OutboxMessageEntity, envelopeFromRest } from '@orgo/messaging';
import type { DatabaseOptions } from '@orgo/persistence';
import { type ServiceContext, ServiceRuntime } from '@orgo/runtime';

import { EmailIntakeService } from '../parsing/email-intake.service';
import { CORPUS_EML, ParserHarness, postgresSchema } from '../parsing/parser-test-harness';
import { QuarantineService } from './quarantine.service';

const corpus = (file: string) => fs.readFileSync(path.join(CORPUS_EML, file));
const value = <T>(result: RpcResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
/** These cases are about filters and replays: an administrator asks (what members see: quarantine-scope.int-spec.ts). */
const ADMIN = { email: 'admin@northside.example', admin: true };
const DATABASES: [string, DatabaseOptions | undefined][] = [
  ['SQLite', undefined],
  ['PostgreSQL', postgresSchema('parser_quarantine')],
];

/**
 * The quarantine's RPC side on the parser's real database: list with filters, scope and totals;
 * replay with the configuration of the moment, once.
 */
describe.each(DATABASES)('QuarantineService (%s)', (_database, options) => {
  let harness: ParserHarness;
  let mime: MimeParser;
  /** The service as it runs after the fix: the same database, a configuration that allows 10 MB. */
  let fixed: QuarantineService;
  /** The service as it runs before the fix: the 2 KB limit the messages were quarantined under. */
  let unfixed: QuarantineService;

  beforeAll(async () => {
    harness = await ParserHarness.open({ maxMessageBytes: 2048 }, options);
    harness.config.organizations[0].intake = { block: ['@spam.example'] };
    const context = { service: 'parser', config: harness.config, logger: harness.logger } as ServiceContext;
    const runtime = new ServiceRuntime(context, new InProcessBus(), harness.tx);
    mime = new MimeParser({ timeoutMs: 5000, threads: 1, memoryMb: 256, maxHtmlLength: 2_000_000 });
    const service = (intake: EmailIntakeService) => new QuarantineService(harness.tx, intake, runtime, context, harness.keys, () => new Date(), harness.logger);
    unfixed = service(harness.intake);
    fixed = service(new EmailIntakeService(mime, { ...DEFAULT_PARSER_SETTINGS }, context, harness.keys, harness.logger));

    await harness.receive(corpus('ruby-mail/attachment_emails/attachment_pdf.eml'), '00000000-0000-4000-8000-000000000001');
    await harness.receive(corpus('mailparser/nodemailer.eml'), '00000000-0000-4000-8000-000000000002');
    await harness.receive(Buffer.from('From: a@spam.example\r\nTo: x@y.example\r\nSubject: Offer\r\n\r\nCheap.\r\n'), '00000000-0000-4000-8000-000000000003');
    await harness.receive(Buffer.from('To: x@y.example\r\nSubject: Who\r\n\r\nNobody.\r\n'), '00000000-0000-4000-8000-000000000004', { organization: null });
  });

  afterAll(async () => {
    await mime?.close();
    await harness?.close();
  });

  const list = async (query: Partial<Parameters<QuarantineService['list']>[0]> = {}): Promise<QuarantineListResultV1> =>
    value(await fixed.list({ limit: 50, offset: 0, scope: null, viewer: ADMIN, ...query }));
  const parsedOutbox = async (emailId: string): Promise<Envelope[]> =>
    (await harness.tx.read((m) => m.find(OutboxMessageEntity, { where: { routingKey: 'email.parsed' } })))
      .map((o) => envelopeFromRest(harness.dataSource, o.envelope) as Envelope<{ emailId: string }>)
      .filter((e) => e.payload.emailId === emailId);

  it('lists newest first with the total, filtered by reason, organization, status and the caller’s scope', async () => {
    const all = await list();
    expect(all.total).toBe(4);
    expect(all.items.map((i) => i.reason).sort()).toEqual(['EMAIL.BLOCKED_SENDER', 'EMAIL.TOO_LARGE', 'EMAIL.TOO_LARGE', 'EMAIL.UNKNOWN_MAILBOX']);
    expect(all.items[0]).not.toHaveProperty('rawBase64');
    const times = all.items.map((i) => i.quarantined_at);
    expect(times).toEqual([...times].sort().reverse());
    expect((await list({ reason: 'EMAIL.TOO_LARGE' })).total).toBe(2);
    expect((await list({ organization: harness.organization })).total).toBe(3);
    expect(await list({ limit: 1, offset: 3 })).toMatchObject({ total: 4, limit: 1, offset: 3, items: [expect.any(Object)] });
    // A member sees their organizations only; mail of no organization is for administrators.
    expect((await list({ scope: [harness.organization] })).total).toBe(3);
    expect((await list({ scope: ['elsewhere'] })).total).toBe(0);
    expect((await list({ scope: [] })).total).toBe(0);
    expect((await list({ scope: ['elsewhere'], organization: harness.organization })).total).toBe(0);
  });

  it('answers NOT_FOUND for an unknown id or one outside the caller’s scope', async () => {
    expect(await fixed.replay({ id: 'nope', actor: 'admin', scope: null, viewer: ADMIN })).toMatchObject({ ok: false, error: { code: 'QUARANTINE.NOT_FOUND' } });
    expect(await fixed.replay({ id: '00000000-0000-4000-8000-000000000001', actor: 'm', scope: ['elsewhere'], viewer: ADMIN })).toMatchObject({
      ok: false,
      error: { code: 'QUARANTINE.NOT_FOUND' },
    });
  });

  it('replays under the old configuration into quarantine again, and under the new one into email.parsed, once', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const before = value(await unfixed.replay({ id, actor: 'admin', scope: null, viewer: ADMIN }));
    expect(before).toMatchObject({ outcome: 'quarantined', reason: 'EMAIL.TOO_LARGE', item: { attempts: 1, replayed_at: null } });
    expect(await parsedOutbox(id)).toEqual([]);

    const after = value(await fixed.replay({ id, actor: 'admin', scope: null, viewer: ADMIN }));
    expect(after).toMatchObject({ outcome: 'parsed', reason: null, item: { attempts: 2, replayed_at: expect.any(String) } });
    const [published] = await parsedOutbox(id);
    expect(published.payload).toMatchObject({ emailId: id, subject: 'Another PDF with 🎉 Unicode chars in it 🍿', attachments: [{ filename: 'broken.pdf' }] });
    expect((await harness.outcome(id)).outcome).toBe('parsed');

    expect(await fixed.replay({ id, actor: 'admin', scope: null, viewer: ADMIN })).toMatchObject({ ok: false, error: { code: 'QUARANTINE.ALREADY_REPLAYED' } });
    expect(await parsedOutbox(id)).toHaveLength(1);
    expect((await list({ status: 'replayed' })).items.map((i) => i.id)).toEqual([id]);
    expect((await list()).total).toBe(3);
  });

  it('lets one of two simultaneous replays through and refuses the other', async () => {
    const id = '00000000-0000-4000-8000-000000000002';
    const results: RpcResult<QuarantineReplayResultV1>[] = await Promise.all([
      fixed.replay({ id, actor: 'a', scope: null, viewer: ADMIN }),
      fixed.replay({ id, actor: 'b', scope: null, viewer: ADMIN }),
    ]);
    expect(results.map((r) => (r.ok ? r.value.outcome : r.error.code)).sort()).toEqual(['QUARANTINE.ALREADY_REPLAYED', 'parsed']);
    expect(await parsedOutbox(id)).toHaveLength(1);
  });

  it('keeps a blocked sender blocked on replay until the block list changes, and resolves the organization of a mailbox added since', async () => {
    const blocked = value(await fixed.replay({ id: '00000000-0000-4000-8000-000000000003', actor: 'admin', scope: null, viewer: ADMIN }));
    expect(blocked).toMatchObject({ outcome: 'quarantined', reason: 'EMAIL.BLOCKED_SENDER' });
    harness.config.organizations[0].intake = { block: [] };
    expect(value(await fixed.replay({ id: '00000000-0000-4000-8000-000000000003', actor: 'admin', scope: null, viewer: ADMIN })).outcome).toBe('parsed');
    // The mailbox is the organization's own role address: with no organization on record, the replay finds it.
    const noSender = value(await fixed.replay({ id: '00000000-0000-4000-8000-000000000004', actor: 'admin', scope: null, viewer: ADMIN }));
    expect(noSender).toMatchObject({ outcome: 'quarantined', reason: 'EMAIL.NO_SENDER', item: { organization: harness.organization } });
  });
});
