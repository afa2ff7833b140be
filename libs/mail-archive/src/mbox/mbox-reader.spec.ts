import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { simpleParser } from 'mailparser';

import type { ArchiveEntry, ArchiveMessage } from '../archive-entry';
import { readMbox } from './mbox-reader';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus/mbox');

async function collect(file: string, after?: ArchiveEntry['position']): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for await (const entry of readMbox(file, { after })) entries.push(entry);
  return entries;
}

const messages = (entries: ArchiveEntry[]) => entries.filter((e): e is ArchiveMessage => e.type === 'message');

/** Subjects in the order of MimeKit's expected parse results (`*-summary.txt`). */
function summarySubjects(name: string): string[] {
  return fs
    .readFileSync(path.join(CORPUS, 'mimekit', name), 'latin1')
    .split('\n')
    .filter((line) => line.startsWith('Subject: '))
    .map((line) => line.slice('Subject: '.length).trim());
}

async function subjects(entries: ArchiveEntry[]): Promise<string[]> {
  return Promise.all(messages(entries).map(async (m) => ((await simpleParser(m.raw)).subject ?? '').trim()));
}

describe('readMbox on the corpus', () => {
  it.each([
    ['mimekit/content-length.mbox.txt', 29],
    ['mimekit/issue1189.mbox.txt', 4],
    ['mimekit/simple.mbox.txt', 3],
    ['mimekit/unmunged.mbox.txt', 2],
    ['mime4j/mbox.rlug', 5],
    ['sisimai/mbox-0', 37],
    ['sisimai/mbox-1', 1],
    ['ingest-file/plan.mbox', 1],
    ['sisimai/size-0', 0],
    ['sisimai/size-1', 0],
    ['sisimai/size-2', 0],
  ])('%s has %i messages', async (file, count) => {
    const entries = await collect(path.join(CORPUS, file));
    expect(messages(entries)).toHaveLength(count);
    expect(entries).toHaveLength(count);
  });

  it.each([
    ['content-length.mbox.txt', 'content-length-summary.txt'],
    ['issue1189.mbox.txt', 'issue1189-summary.txt'],
  ])('%s gives the messages of MimeKit’s %s, in order', async (mbox, summary) => {
    expect(await subjects(await collect(path.join(CORPUS, 'mimekit', mbox)))).toEqual(summarySubjects(summary));
  });

  it('keeps an unescaped "From Russia with love" body line inside its message (and reads past a byte-order mark)', async () => {
    const found = messages(await collect(path.join(CORPUS, 'mimekit/unmunged.mbox.txt')));
    expect(await subjects(found)).toEqual([
      'This is a test message with an unmunged From line',
      'Another test message with an unmunged From line',
    ]);
    for (const m of found) expect(m.raw.toString('latin1')).toContain('\nFrom Russia with love\n');
    expect(found[1].raw.toString('latin1')).toMatch(/Year: 1963\n\nWhat did Thunderbird do this time\?\n$/);
  });

  it('undoes >From quoting by one ">"', async () => {
    const found = messages(await collect(path.join(CORPUS, 'mimekit/content-length.mbox.txt')));
    const quoted = found.filter((m) => m.raw.toString('latin1').includes('\nFrom - Fri Dec 13 15:01:21 1996'));
    expect(quoted.length).toBeGreaterThan(0);
    for (const m of found) expect(m.raw.toString('latin1')).not.toMatch(/^>From - Fri Dec 13/m);
  });

  it('keeps the bytes of each message as they are (CRLF stays CRLF) and leaves out the postmark', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-mbox-'));
    const file = path.join(dir, 'crlf.mbox');
    fs.writeFileSync(file, 'From a@b.example Mon Jan  1 10:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n\r\nFrom a@b.example Mon Jan  1 10:01:00 2024\r\nSubject: two\r\n\r\n>>From here\r\n');
    const found = messages(await collect(file));
    expect(found.map((m) => m.raw.toString())).toEqual(['Subject: one\r\n\r\nbody\r\n', 'Subject: two\r\n\r\n>From here\r\n']);
  });

  it('trusts a Content-Length that ends at the next postmark, and ignores one that does not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-mbox-'));
    const body = 'line\nFrom me Mon Jan  1 10:00:00 2024\nmore\n';
    const good = path.join(dir, 'good.mbox');
    fs.writeFileSync(good, `From x Mon Jan  1 09:00:00 2024\nContent-Length: ${body.length}\n\n${body}\nFrom y Mon Jan  1 11:00:00 2024\nSubject: next\n\nz\n`);
    expect(messages(await collect(good))).toHaveLength(2);
    const wrong = path.join(dir, 'wrong.mbox');
    fs.writeFileSync(wrong, `From x Mon Jan  1 09:00:00 2024\nContent-Length: 3\n\n${body}\nFrom y Mon Jan  1 11:00:00 2024\nSubject: next\n\nz\n`);
    expect(messages(await collect(wrong))).toHaveLength(3);
  });

  it('resumes right after a given message without reading what comes before', async () => {
    const file = path.join(CORPUS, 'mimekit/content-length.mbox.txt');
    const all = await collect(file);
    const rest = await collect(file, all[16].position);
    expect(rest).toHaveLength(12);
    expect(rest.map((e) => e.position)).toEqual(all.slice(17).map((e) => e.position));
    expect(await collect(file, all[28].position)).toEqual([]);
  });
});
