import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ArchiveEntry } from '../archive-entry';
import { readEmlFile, readFolder } from './folder-reader';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

async function collect(source: AsyncGenerator<ArchiveEntry>): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for await (const entry of source) entries.push(entry);
  return entries;
}

describe('readFolder', () => {
  it.each([
    ['maildir/notmuch-default', 53],
    ['maildir/notmuch-lkml', 210],
    ['eml', 207],
  ])('%s has %i messages', async (dir, count) => {
    const entries = await collect(readFolder(path.join(CORPUS, dir)));
    expect(entries.filter((e) => e.type === 'message')).toHaveLength(count);
    expect(entries).toHaveLength(count);
  });

  it('takes the files beside cur/ and new/ and those of Maildir++ subfolders', async () => {
    const origins = (await collect(readFolder(path.join(CORPUS, 'maildir/notmuch-default')))).map((e) => e.origin);
    expect(origins).toEqual(expect.arrayContaining(['01:2,', 'bar/18:2,', 'bar/baz/cur/25:2,', 'foo/baz/new/16:2,', 'new/04:2,']));
  });

  it('leaves out tmp/, dot files and maildir bookkeeping files, and reports an empty file', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-maildir-'));
    for (const d of ['cur', 'new', 'tmp', '.Sent/cur']) fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.writeFileSync(path.join(root, 'cur', '1.host:2,S'), 'Subject: a\n\nx\n');
    fs.writeFileSync(path.join(root, 'new', '2.host'), '\n \n');
    fs.writeFileSync(path.join(root, 'tmp', '3.host'), 'Subject: half written\n');
    fs.writeFileSync(path.join(root, '.Sent', 'cur', '4.host'), 'Subject: d\n\nx\n');
    fs.writeFileSync(path.join(root, 'dovecot-uidlist'), '3 V1 N2\n');
    fs.writeFileSync(path.join(root, 'maildirfolder'), '');
    const entries = await collect(readFolder(root));
    expect(entries.map((e) => [e.origin, e.type === 'skipped' ? e.reason : 'message'])).toEqual([
      ['cur/1.host:2,S', 'message'],
      ['new/2.host', 'empty-message'],
    ]);
  });

  it('resumes after a file, also when its maildir flags changed since', async () => {
    const dir = path.join(CORPUS, 'maildir/notmuch-lkml');
    const all = await collect(readFolder(dir));
    const at = all[99].position as { kind: 'folder'; file: string };
    const rest = await collect(readFolder(dir, { after: { kind: 'folder', file: at.file.replace(/:2,$/, ':2,RS') } }));
    expect(rest.map((e) => e.origin)).toEqual(all.slice(100).map((e) => e.origin));
  });
});

describe('readEmlFile', () => {
  it('gives the file as one message, and nothing when resumed after it', async () => {
    const file = path.join(CORPUS, 'eml/mailparser/mixed.eml');
    const [entry] = await collect(readEmlFile(file));
    expect(entry.type === 'message' && entry.raw.equals(fs.readFileSync(file))).toBe(true);
    expect(await collect(readEmlFile(file, { after: entry.position }))).toEqual([]);
  });
});
