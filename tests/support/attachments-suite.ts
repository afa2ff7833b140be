import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './api-client';
import { eventually } from './eventually';
import { outboxTexts, readOutbox } from './outbox';
import type { RunningShape } from './pipeline-suite';
import { ROOT, dropMail, tempDir } from './standalone-process';
import { createMember, signInPrivacyOfficer } from './users';

export const ATTACHMENTS_CONFIG = path.join(ROOT, 'tests', 'fixtures', 'attachments', 'config');
const MAILBOX = 'repairs@riverside.example';
const DOCUMENT = fs.readFileSync(
  path.join(ATTACHMENTS_CONFIG, 'organizations', 'riverside', 'documents', 'leak-protocol.pdf'),
);
/** The organization's intake.max_attachment_bytes in the fixture. */
const LIMIT = 5 * 1024 ** 2;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A JPEG as a camera writes one: SOI, a JFIF APP0 segment, some data, EOI. */
function jpeg(): Buffer {
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, randomBytes(4096), Buffer.from([0xff, 0xd9])]);
}

/** A PDF of `size` bytes (a header, then filler). */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
}

interface Part {
  /** As the sender names it (RFC 2231 encoded when not ASCII). */
  name: string;
  /** The type the sender claims: not trusted. */
  claimed: string;
  bytes: Buffer;
}

/** A real multipart/mixed message: a text part and base64 attachments. */
function multipartMail(o: {
  from: string;
  subject: string;
  id: string;
  body: string;
  parts: Part[];
}): string {
  const boundary = `=_orgo_${o.id.replace(/\W/g, '')}`;
  const lines = [
    `From: ${o.from}`,
    `To: ${MAILBOX}`,
    `Subject: ${o.subject}`,
    'Date: Tue, 24 Nov 2026 09:00:00 +0000',
    `Message-ID: <${o.id}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
  ];
  for (const part of o.parts) {
    const ascii = /^[\x20-\x7e]+$/.test(part.name);
    const filename = ascii ? `filename="${part.name}"` : `filename*=UTF-8''${encodeURIComponent(part.name)}`;
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.claimed}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; ${filename}`,
      '',
    );
    lines.push((part.bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'));
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** Downloads an attachment as bytes (the JSON client would decode them as text). */
async function download(
  url: string,
  client: ApiClient,
  taskId: string,
  attachmentId: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${url}/api/v1/tasks/${taskId}/attachments/${attachmentId}`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Attachments end to end (SPEC §4, §5, issue 16): a mail with a JPEG and a PDF becomes a task that
 * lists both (named safely, typed by their bytes, hashed) and a rule's document; each has an
 * `attachment_added` entry; a holder downloads each with the right bytes and headers; a sensitive
 * task's files go only to its chain and a privacy officer; an attachment over the organization's
 * limit quarantines its mail with a reason naming the file, its size and the limit; the
 * notification mail links the files and embeds none.
 */
export function attachmentsSuite(
  shape: string,
  start: (config: string, home: string) => Promise<RunningShape>,
): void {
  describe(`${shape} shape: attachments`, () => {
    let orgo: RunningShape;
    let admin: ApiClient;
    let handy: ApiClient;
    let desk: ApiClient;
    const home = tempDir(`orgo-attachments-${shape}-`);
    const photo = jpeg();
    const report = pdf(20_000);

    beforeAll(async () => {
      orgo = await start(ATTACHMENTS_CONFIG, home);
      admin = new ApiClient(orgo.url);
      await admin.login();
      handy = await createMember(admin, orgo.url, 'handy1@riverside.example', ['riverside']);
      desk = await createMember(admin, orgo.url, 'desk@riverside.example', ['riverside']);
    });

    afterAll(async () => {
      await orgo?.stop();
    });

    const taskOf = (subject: string) =>
      eventually(
        async () => (await admin.get('/api/v1/tasks?organization=riverside&limit=100')).body,
        (b) => b.items?.some((t: { title: string }) => t.title === subject),
        { what: `the task '${subject}'` },
      ).then((b) => b.items.find((t: { title: string }) => t.title === subject));

    it('lists the mail attachments (safe names, sniffed types, hashes) and the rule document, each with an attachment_added entry', async () => {
      dropMail(
        home,
        MAILBOX,
        'leak.eml',
        multipartMail({
          from: 'member@members.example',
          subject: 'Water leak in the hall',
          id: 'leak-1@members.example',
          body: 'Water is coming through the ceiling. Photo and the inspection report attached.',
          parts: [
            { name: '../../Wasserschaden Küche.jpg', claimed: 'application/octet-stream', bytes: photo },
            { name: 'inspection.pdf', claimed: 'image/png', bytes: report },
          ],
        }),
      );
      const listed = await taskOf('Water leak in the hall');
      const task = (await handy.get(`/api/v1/tasks/${listed.id}`)).body;
      expect(task.attachments).toEqual([
        {
          id: expect.any(String),
          name: 'Wasserschaden Küche.jpg',
          size: photo.length,
          type: 'image/jpeg',
          source: 'email',
          sha256: sha256(photo),
        },
        {
          id: expect.any(String),
          name: 'inspection.pdf',
          size: report.length,
          type: 'application/pdf',
          source: 'email',
          sha256: sha256(report),
        },
        {
          id: expect.any(String),
          name: 'leak-protocol.pdf',
          size: DOCUMENT.length,
          type: 'application/pdf',
          source: 'rule',
          sha256: sha256(DOCUMENT),
        },
      ]);
      const events = (await handy.get(`/api/v1/tasks/${task.id}/events`)).body.items.filter(
        (e: { type: string }) => e.type === 'attachment_added',
      );
      expect(events.map((e: { data: { id: string; source: string } }) => [e.data.id, e.data.source])).toEqual(
        task.attachments.map((a: { id: string; source: string }) => [a.id, a.source]),
      );
    });

    it('lets a holder download each file with its bytes, a safe Content-Disposition, the sniffed type and nosniff', async () => {
      const task = await taskOf('Water leak in the hall');
      const [image, inspection, protocol] = task.attachments;
      const got = await download(orgo.url, handy, task.id, image.id);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(photo)).toBe(true);
      expect(got.headers.get('content-type')).toMatch(/^image\/jpeg/);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-disposition')).toBe(
        `attachment; filename="Wasserschaden K_che.jpg"; filename*=UTF-8''Wasserschaden%20K%C3%BCche.jpg`,
      );
      const second = await download(orgo.url, handy, task.id, inspection.id);
      expect([second.status, second.bytes.equals(report), second.headers.get('content-type')]).toEqual([
        200,
        true,
        'application/pdf',
      ]);
      const document = await download(orgo.url, handy, task.id, protocol.id);
      expect([
        document.status,
        document.bytes.equals(DOCUMENT),
        document.headers.get('content-disposition'),
      ]).toEqual([200, true, `attachment; filename="leak-protocol.pdf"; filename*=UTF-8''leak-protocol.pdf`]);
      // Not this task's attachment, not a task, not a UUID.
      expect((await download(orgo.url, handy, task.id, '00000000-0000-4000-8000-000000000016')).status).toBe(
        404,
      );
      expect((await download(orgo.url, handy, '00000000-0000-4000-8000-000000000016', image.id)).status).toBe(
        404,
      );
      expect((await download(orgo.url, handy, task.id, 'nope')).status).toBe(400);
    });

    it('stores each file once: the same photo in another mail is listed with the same hash and downloads the same bytes', async () => {
      dropMail(
        home,
        MAILBOX,
        'again.eml',
        multipartMail({
          from: 'neighbour@members.example',
          subject: 'Another water leak downstairs',
          id: 'leak-2@members.example',
          body: 'Same photo.',
          parts: [{ name: 'photo.jpg', claimed: 'image/jpeg', bytes: photo }],
        }),
      );
      const task = await taskOf('Another water leak downstairs');
      expect(task.attachments.map((a: { name: string; sha256: string }) => [a.name, a.sha256])).toEqual([
        ['photo.jpg', sha256(photo)],
        ['leak-protocol.pdf', sha256(DOCUMENT)],
      ]);
      expect((await download(orgo.url, handy, task.id, task.attachments[0].id)).bytes.equals(photo)).toBe(
        true,
      );
    });

    it('gives a sensitive task’s files only to its chain and a privacy officer: a member who sees the task gets 404', async () => {
      dropMail(
        home,
        MAILBOX,
        'harassment.eml',
        multipartMail({
          from: 'worried@members.example',
          subject: 'Harassment at the front desk',
          id: 'sens-1@members.example',
          body: 'See the photo.',
          parts: [{ name: 'evidence.jpg', claimed: 'image/jpeg', bytes: photo }],
        }),
      );
      const listed = await eventually(
        async () => (await admin.get('/api/v1/tasks?organization=riverside&limit=100')).body,
        (b) => b.items?.some((t: { sensitive: boolean; type: string }) => t.sensitive && t.type === 'hr'),
        { what: 'the sensitive task' },
      ).then((b) =>
        b.items.find((t: { sensitive: boolean; type: string }) => t.sensitive && t.type === 'hr'),
      );
      const [evidence] = listed.attachments;
      expect(evidence).toMatchObject({ type: 'image/jpeg', source: 'email', sha256: sha256(photo) });
      // The handyperson sees the task (visibility organization) but is outside its chain.
      expect((await handy.get(`/api/v1/tasks/${listed.id}`)).status).toBe(200);
      const outside = await download(orgo.url, handy, listed.id, evidence.id);
      expect(outside.status).toBe(404);
      expect(outside.bytes.toString()).not.toContain(photo.subarray(0, 64).toString('base64'));
      const chain = await download(orgo.url, desk, listed.id, evidence.id);
      expect([chain.status, chain.bytes.equals(photo)]).toEqual([200, true]);
      const officer = await signInPrivacyOfficer(admin, orgo.url, 'officer@riverside.example', ['riverside']);
      const officers = await download(orgo.url, officer, listed.id, evidence.id);
      expect([officers.status, officers.bytes.equals(photo)]).toEqual([200, true]);
    });

    it('quarantines a mail whose 30 MB attachment is over the organization’s limit, naming the file, its size and the limit; it can be replayed', async () => {
      const big = pdf(30 * 1024 ** 2);
      dropMail(
        home,
        MAILBOX,
        'big.eml',
        multipartMail({
          from: 'architect@members.example',
          subject: 'Water leak plans',
          id: 'big-1@members.example',
          body: 'The full plans.',
          parts: [{ name: 'plans.pdf', claimed: 'application/pdf', bytes: big }],
        }),
      );
      const held = await eventually(
        async () => (await admin.get('/api/v1/quarantine?reason=EMAIL.ATTACHMENT_TOO_LARGE')).body,
        (b) => b.total === 1,
        { what: 'the mail with the large attachment in quarantine', timeoutMs: 60_000 },
      );
      const [item] = held.items;
      expect(item).toMatchObject({
        organization: 'riverside',
        mailbox: MAILBOX,
        reason: 'EMAIL.ATTACHMENT_TOO_LARGE',
        replayed_at: null,
        attempts: 0,
      });
      expect(item.size).toBeGreaterThan(big.length);
      expect(item.message).toContain(`plans.pdf has ${big.length} bytes (30.0 MB)`);
      expect(item.message).toContain(`max_attachment_bytes (${LIMIT} bytes, 5.0 MB)`);
      expect(item.message).toContain('organization.yaml');
      // Nothing lost: a replay reads the kept raw message again (still over the limit, so still held).
      const replay = await admin.request('POST', `/api/v1/quarantine/${item.id}/replay`);
      expect(replay).toMatchObject({
        status: 200,
        body: { outcome: 'quarantined', reason: 'EMAIL.ATTACHMENT_TOO_LARGE', item: { attempts: 1 } },
      });
      const tasks = (await admin.get('/api/v1/tasks?organization=riverside&limit=100')).body;
      expect(tasks.items.some((t: { title: string }) => t.title === 'Water leak plans')).toBe(false);
    });

    it('links the files in the notification mail and embeds none', async () => {
      const task = await taskOf('Water leak in the hall');
      const mails = await eventually(
        () => readOutbox(home),
        (m) => m.some((x) => x.text.includes(`/api/v1/tasks/${task.id}/attachments/`)),
        { what: 'the assignment mail with the attachment links' },
      );
      const assigned = mails.find((x) => x.text.includes(`/api/v1/tasks/${task.id}/attachments/`))!;
      for (const a of task.attachments)
        expect(assigned.text).toContain(
          `${a.name} (${a.type}, ${a.size} bytes): /api/v1/tasks/${task.id}/attachments/${a.id}`,
        );
      const raw = outboxTexts(home).find((m) => m.text.includes(task.key))!.text;
      expect(raw).not.toMatch(/Content-Disposition:\s*attachment/i);
      expect(raw).not.toContain(photo.subarray(0, 48).toString('base64'));
    });
  });
}
