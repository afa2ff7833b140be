import fs from 'node:fs';
import path from 'node:path';


const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CORPUS = process.env.ORGO_TEST_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');

export interface CorpusMessage {
  file: string;
  messageId: string;
  raw: Buffer;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function header(head: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
}

/**
 * Real mail from the shared corpus (eml/ first, then maildir/) that stands on its own as a new
 * report: a sender, a subject, a Message-ID no other corpus message shares, not a reply or a
 * bounce (no In-Reply-To / References, not a delivery report), and no word that a rule ignores.
 * Files are used as they are.
 */
export function corpusReports(): CorpusMessage[] {
  const files = [...walk(path.join(CORPUS, 'eml')), ...walk(path.join(CORPUS, 'maildir'))];
  if (files.length === 0) throw new Error(`No corpus mail under ${CORPUS}: the shared corpus must sit beside the project (or set ORGO_TEST_CORPUS)`);
  const byId = new Map<string, CorpusMessage[]>();
  for (const file of files) {
    const raw = fs.readFileSync(file);
    const text = raw.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    const head = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
    const id = /^message-id:\s*<([^<>\s]+)>/im.exec(head)?.[1];
    const subject = header(head, 'subject');
    if (!id || !subject || !header(head, 'from') || header(head, 'in-reply-to') !== undefined || header(head, 'references') !== undefined) continue;
    if (/newsletter/i.test(subject) || /multipart\/report|delivery-status/i.test(header(head, 'content-type') ?? '')) continue;
    byId.set(id, [...(byId.get(id) ?? []), { file: path.relative(CORPUS, file), messageId: id, raw }]);
  }
  return [...byId.values()].filter((list) => list.length === 1).map(([m]) => m);
}
