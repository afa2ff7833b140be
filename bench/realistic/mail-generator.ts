/**
 * The realistic bench's mail (issue 12): a deterministic stream of 2–6 KB messages, 60 % text/plain,
 * 25 % multipart/mixed with a small PDF-like or PNG-like attachment, 15 % multipart/alternative
 * text + HTML, from about 300 senders with display names, to the three role addresses of
 * bench/config/realistic. Subjects pick the rule: repairs (acknowledged), IT support, or none (the
 * role of the address). Everything comes from the seed and the word list below: no external data.
 */

export type MailKind = 'plain' | 'mixed' | 'alternative';
export type MailTopic = 'repairs' | 'it' | 'desk';

export interface GeneratedMail {
  name: string;
  mailbox: string;
  raw: string;
  kind: MailKind;
  topic: MailTopic;
  /** Notifications the organization's configuration makes of it: the position's holders, plus the acknowledgement. */
  notifications: number;
}

export const REALISTIC_DOMAIN = 'realistic.example';

const MAILBOX: Record<MailTopic, string> = { repairs: `maintenance@${REALISTIC_DOMAIN}`, it: `it@${REALISTIC_DOMAIN}`, desk: `hello@${REALISTIC_DOMAIN}` };
/** Holders of the entry position (organization.yaml) + 1 for the repairs rule's acknowledgement. */
const NOTIFICATIONS: Record<MailTopic, number> = { repairs: 4, it: 3, desk: 2 };

const FIRST = ['Alice', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Fatima', 'Goran', 'Hana', 'Igor', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq'];
const LAST = ['Andersen', 'Baptiste', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor'];
const DOMAINS = ['members.example', 'mail.example', 'tenants.example', 'visitors.example', 'partners.example'];
const WORDS = (
  'the a of to and in is it that for on was with as at be this have from or by one had not but what all were when we there can ' +
  'room floor window door heating radiator kitchen corridor stairs lift office desk chair light switch socket cable screen ' +
  'morning afternoon evening week yesterday today tomorrow again still since before after around nearly quite very rather ' +
  'noticed reported checked asked waited tried opened closed turned moved cleaned fixed replaced called wrote visited ' +
  'please thanks kindly soon urgent small large cold warm wet dry noisy quiet dark bright old new second third main back'
).split(' ');
const THINGS = ['radiator', 'window', 'door lock', 'tap', 'ceiling light', 'lift button', 'fridge', 'shower', 'fire door', 'blind'];
const PLACES = ['room 12', 'the kitchen', 'the second floor', 'the meeting room', 'the back stairs', 'the lobby', 'office 4B', 'the gym'];
const GADGETS = ['laptop', 'printer', 'badge printer', 'laptop dock'];
const SUBJECTS: Record<MailTopic, ((r: Random) => string)[]> = {
  repairs: [
    (r) => `Broken ${r.pick(THINGS)} in ${r.pick(PLACES)}`,
    (r) => `Water leak near ${r.pick(PLACES)}`,
    (r) => `Repair needed: ${r.pick(THINGS)} (${r.pick(PLACES)})`,
    (r) => `Re: ${r.pick(THINGS)} still broken`,
  ],
  it: [
    (r) => `My ${r.pick(GADGETS)} will not start`,
    (r) => `Password reset for ${r.pick(FIRST)}`,
    (r) => `The printer in ${r.pick(PLACES)} jams`,
    (r) => `New laptop for ${r.pick(FIRST)} ${r.pick(LAST)}`,
  ],
  desk: [
    (r) => `Question about ${r.pick(PLACES)}`,
    (r) => `Visitor parking on ${r.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}`,
    (r) => `Booking ${r.pick(PLACES)} for ${r.int(2, 30)} people`,
    (r) => `Lost and found: ${r.pick(['umbrella', 'scarf', 'keys', 'water bottle', 'gloves'])}`,
  ],
};

/** mulberry32: a small, fast, seeded generator (the same seed, the same workload). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

/** About 300 distinct senders (first × last name, spread over five domains), with display names. */
function senders(): { name: string; address: string }[] {
  const all: { name: string; address: string }[] = [];
  FIRST.forEach((first, i) =>
    LAST.forEach((last, j) => all.push({ name: `${first} ${last}`, address: `${first}.${last}`.toLowerCase() + `@${DOMAINS[(i + j) % DOMAINS.length]}` })),
  );
  return all;
}

function sentence(r: Random): string {
  const words = Array.from({ length: r.int(8, 18) }, () => r.pick(WORDS));
  return `${words[0][0].toUpperCase()}${words[0].slice(1)} ${words.slice(1).join(' ')}.`;
}

/** Paragraphs of sentences until about `bytes` characters. */
function paragraphs(r: Random, bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const p = Array.from({ length: r.int(2, 5) }, () => sentence(r)).join(' ');
    out.push(p);
    size += p.length + 2;
  }
  return out;
}

/** base64 in 76-character lines, as mail carries it. */
function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** A PDF-like or PNG-like file of `size` bytes: the right magic at the start, noise after. */
function attachment(r: Random, size: number): { name: string; type: string; data: Buffer } {
  if (r.next() < 0.5) {
    const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n', 'latin1');
    return { name: `report-${r.int(100, 999)}.pdf`, type: 'application/pdf', data: Buffer.concat([head, r.bytes(size - head.length - 6), Buffer.from('%%EOF\n')]) };
  }
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  return { name: `photo-${r.int(100, 999)}.png`, type: 'image/png', data: Buffer.concat([head, r.bytes(size - head.length)]) };
}

function html(paras: string[]): string {
  return `<!DOCTYPE html>\r\n<html><head><meta charset="utf-8"></head><body>\r\n${paras.map((p) => `<p style="margin:0 0 1em 0">${p}</p>`).join('\r\n')}\r\n</body></html>`;
}

/**
 * `count` mails for one run (`run` prefixes each Message-ID, so a run's tasks can be told apart),
 * the same for the same seed.
 */
export function generateMails(count: number, run: string, seed = 12): GeneratedMail[] {
  const r = new Random(seed);
  const people = senders();
  const mails: GeneratedMail[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const kind: MailKind = roll < 0.6 ? 'plain' : roll < 0.85 ? 'mixed' : 'alternative';
    const t = r.next();
    const topic: MailTopic = t < 0.45 ? 'repairs' : t < 0.75 ? 'it' : 'desk';
    const from = r.pick(people);
    const size = r.int(2048, 6144);
    const boundary = `=_bench_${run}_${i}_${r.int(100000, 999999)}`;
    const headers = [
      `From: "${from.name}" <${from.address}>`,
      `To: ${MAILBOX[topic]}`,
      `Subject: ${r.pick(SUBJECTS[topic])(r)}`,
      `Date: Tue, 24 Nov 2026 ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0000`,
      `Message-ID: <${run}-${i}.${r.int(1e8, 9e8)}@${from.address.split('@')[1]}>`,
      'MIME-Version: 1.0',
    ];
    const sign = `\r\n\r\nBest regards,\r\n${from.name}`;
    let body: string;
    if (kind === 'plain') {
      const text = paragraphs(r, size - 400).join('\r\n\r\n') + sign;
      body = [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text].join('\r\n');
    } else if (kind === 'mixed') {
      const file = attachment(r, r.int(1024, Math.max(1100, Math.floor((size - 800) * 0.6))));
      const text = paragraphs(r, Math.max(300, size - 800 - Math.ceil(file.data.length * 1.37))).join('\r\n\r\n') + sign;
      body = [
        ...headers,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        'This is a multi-part message in MIME format.',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        text,
        `--${boundary}`,
        `Content-Type: ${file.type}; name="${file.name}"`,
        `Content-Disposition: attachment; filename="${file.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(file.data),
        `--${boundary}--`,
        '',
      ].join('\r\n');
    } else {
      const paras = paragraphs(r, Math.max(600, (size - 700) / 2.2));
      body = [
        ...headers,
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        paras.join('\r\n\r\n') + sign,
        `--${boundary}`,
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        html([...paras, `Best regards,<br>${from.name}`]),
        `--${boundary}--`,
        '',
      ].join('\r\n');
    }
    mails.push({ name: `${run}-${i}.eml`, mailbox: MAILBOX[topic], raw: body, kind, topic, notifications: NOTIFICATIONS[topic] });
  }
  return mails;
}

/** Counts and sizes of a generated workload, for the report. */
export function describeMails(mails: GeneratedMail[]) {
  const sizes = mails.map((m) => Buffer.byteLength(m.raw)).sort((a, b) => a - b);
  const share = <K extends string>(key: (m: GeneratedMail) => K) =>
    mails.reduce<Record<string, number>>((acc, m) => ((acc[key(m)] = (acc[key(m)] ?? 0) + 1), acc), {});
  return {
    emails: mails.length,
    bytes: { min: sizes[0], median: sizes[Math.floor(sizes.length / 2)], max: sizes[sizes.length - 1] },
    kinds: share((m) => m.kind),
    topics: share((m) => m.topic),
    distinct_senders: new Set(mails.map((m) => /^From: .*<(.*)>/m.exec(m.raw)?.[1])).size,
    expected_notifications: mails.reduce((n, m) => n + m.notifications, 0),
  };
}
