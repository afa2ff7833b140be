import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { simpleParser } from 'mailparser';

import { findPhoneNumbers } from './phone-numbers.util';
import { containsIdentity, scrubIdentity, scrubSubject, type SensitiveIdentity } from './scrub-identity';

// Real mail nobody on this project wrote (../shared/corpus/CATALOG.md): every message scrubs without
// a crash and in bounded time, and the sender's address, name and the phone numbers found in it do
// not survive.
const CORPUS = join(__dirname, '../../../../shared/corpus/eml');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

interface Parsed {
  file: string;
  text: string;
  subject: string;
  who: SensitiveIdentity | null;
}

async function parse(file: string): Promise<Parsed> {
  const mail = await simpleParser(readFileSync(file));
  const from = mail.from?.value.find((a) => a.address);
  const text = mail.text ?? '';
  const phones = [...new Set(findPhoneNumbers(text, 'US').map((p) => text.slice(p.start, p.end)))].slice(0, 20);
  const who = from?.address ? { address: from.address, name: from.name, pseudonym: 'Anon-1', defaultCountry: 'US' as const, phones } : null;
  return { file: relative(CORPUS, file), text, subject: mail.subject ?? '', who };
}

const SAMPLE: Record<string, { gone: string[]; kept: string[] }> = {
  'ruby-mail/error_emails/content_transfer_encoding_x_uuencode.eml': {
    gone: ['Lon', 'Peters', '503-203-1539', '503-203-1569', '503-709-5942', 'Preslynn', '97225', 'lpeters'],
    kept: ['Attached are the comments of the Public Generating Pool.'],
  },
  'ruby-mail/error_emails/content_transfer_encoding_with_8bits.eml': { gone: ['800-336-1166', '330-494-5260'], kept: [] },
  'ruby-mail/error_emails/empty_group_lists.eml': {
    gone: ['Cecil', 'Edwards', '97292685', 'western.union1891@live.fr'],
    kept: ['Fill your details below for reference purposes:'],
  },
  'notmuch/duplicate/msg-1-1:2,': { gone: ['Anton', 'Gladky', 'gladky.anton@gmail.com'], kept: ['The fix will be in the next upload.'] },
  'mimekit/openpgp/[Announce] GnuPG 2.1.20 released.eml': { gone: ['Werner', 'Koch'], kept: ['GnuPG'] },
};

describe('the mail corpus', () => {
  let parsed: Parsed[];

  beforeAll(async () => {
    parsed = [];
    for (const file of files(CORPUS)) parsed.push(await parse(file));
  }, 60_000);

  it('holds the messages the catalog lists', () => {
    expect(parsed.length).toBeGreaterThanOrEqual(200);
  });

  it('scrubs every message without a crash and leaves no trace of its sender', () => {
    const leaks: string[] = [];
    for (const mail of parsed) {
      const who = mail.who ?? { address: 'nobody@corpus.example', pseudonym: 'Anon-1' };
      const body = scrubIdentity(mail.text, who);
      const subject = scrubSubject(mail.subject, who);
      if (!mail.who) continue;
      const left = [...containsIdentity(body.text, mail.who), ...containsIdentity(subject, mail.who)];
      if (left.length > 0) leaks.push(`${mail.file}: ${left.join(', ')}`);
    }
    expect(leaks).toEqual([]);
  });

  it.each(Object.entries(SAMPLE))('%s: the identity in it is gone, the message stays', (file, expected) => {
    const mail = parsed.find((m) => m.file === file);
    expect(mail?.who).toBeTruthy();
    const text = scrubIdentity(mail!.text, mail!.who!).text;
    for (const trace of expected.gone) expect(text).not.toContain(trace);
    for (const kept of expected.kept) expect(text).toContain(kept);
    for (const phone of mail!.who!.phones ?? []) expect(text.replace(/\D/g, '')).not.toContain(phone.replace(/\D/g, '').slice(-7));
  });
});
