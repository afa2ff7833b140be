import fs from 'node:fs';
import path from 'node:path';

import { type AddressObject, simpleParser } from 'mailparser';

export interface OutboxMail {
  file: string;
  to: string[];
  replyTo: string[];
  subject: string;
  text: string;
  headers: Map<string, unknown>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));

/**
 * The finished mails of `<home>/outbox/` as text, oldest name first. The file transport writes
 * `<name>.eml.tmp` and renames it, so only `.eml` files are read (a `.tmp` may be gone by then).
 */
export function outboxTexts(home: string): { file: string; text: string }[] {
  const dir = path.join(home, 'outbox');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

/** Every mail the standalone file transport wrote to `<home>/outbox/`, parsed. */
export async function readOutbox(home: string): Promise<OutboxMail[]> {
  const dir = path.join(home, 'outbox');
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
      return {
        file,
        to: addresses(mail.to),
        replyTo: addresses(mail.replyTo),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        headers: mail.headers,
      };
    }),
  );
}
