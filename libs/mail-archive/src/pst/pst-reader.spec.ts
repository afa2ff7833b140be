import path from 'node:path';

import { simpleParser } from 'mailparser';

import type { ArchiveEntry, ArchiveMessage } from '../archive-entry';
import { readPst } from './pst-reader';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus/pst');

async function collect(file: string, after?: ArchiveEntry['position']): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for await (const entry of readPst(path.join(CORPUS, file), { after })) entries.push(entry);
  return entries;
}

function tally(entries: ArchiveEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) {
    const key = e.type === 'message' ? 'message' : e.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const messages = (entries: ArchiveEntry[]) => entries.filter((e): e is ArchiveMessage => e.type === 'message');

describe('readPst on the corpus (counts as CATALOG.md, from readpst)', () => {
  it.each([
    ['pstsdk/sample1.pst', { message: 1 }],
    ['pstsdk/sample2.pst', { message: 1 }],
    ['pstsdk/submessage.pst', { message: 1 }],
    ['ingest-file/testPST.pst', { message: 6 }],
    ['outlook-pst-rs/Empty.pst', {}],
    // readpst exports no email from these: their items are posts of a password-protected store,
    // contacts, a distribution list, a calendar item and free/busy data.
    ['pstsdk/test_ansi.pst', { 'pst-password-protected': 1 }],
    ['pstsdk/test_unicode.pst', { 'pst-password-protected': 2 }],
    ['java-libpst/passworded.pst', { 'pst-password-protected': 3 }],
    ['java-libpst/dist-list.pst', { 'pst-appointment': 1, 'pst-contact': 1, 'pst-distribution-list': 1, 'pst-not-email': 1 }],
  ])('%s → %j', async (file, expected) => {
    expect(tally(await collect(file))).toEqual(expected);
  });

  it('rebuilds a message from the transport headers with its body and attachment', async () => {
    const [message] = messages(await collect('pstsdk/sample1.pst'));
    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe('Here is a sample message');
    expect(parsed.messageId).toBe('<B2FDDB8BE384C94794441DB4A7F3D8B804AE624B@TK5EX14MBXC114.redmond.corp.microsoft.com>');
    expect(parsed.from?.value[0].address).toMatch(/@/);
    expect(parsed.text?.length).toBeGreaterThan(0);
    expect(parsed.attachments).toHaveLength(1);
    expect(message.origin).toBe('/Top of Outlook data file/Sample1 #2097188');
  });

  it('reads an ANSI (Outlook 97–2002) store', async () => {
    const [message] = messages(await collect('pstsdk/sample2.pst'));
    expect((await simpleParser(message.raw)).subject).toBe('Here is a sample message');
  });

  it('attaches an embedded Outlook message as message/rfc822', async () => {
    const [message] = messages(await collect('pstsdk/submessage.pst'));
    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe('This is a message which has an embedded message attached');
    expect(parsed.attachments.map((a) => a.contentType)).toContain('message/rfc822');
  });

  it('gives the same bytes each time, so a re-import is recognized', async () => {
    const first = messages(await collect('ingest-file/testPST.pst')).map((m) => m.raw.toString('base64'));
    const second = messages(await collect('ingest-file/testPST.pst')).map((m) => m.raw.toString('base64'));
    expect(second).toEqual(first);
  });

  it('resumes right after an item', async () => {
    const all = await collect('ingest-file/testPST.pst');
    const rest = await collect('ingest-file/testPST.pst', all[1].position);
    expect(rest.map((e) => e.origin)).toEqual(all.slice(2).map((e) => e.origin));
  });

  it('says which file could not be opened', async () => {
    await expect(collect('../mbox/mime4j/mbox.rlug')).rejects.toMatchObject({ code: 'ARCHIVE.PST_UNREADABLE' });
  });
});
