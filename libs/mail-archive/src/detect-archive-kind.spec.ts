import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { detectArchiveKind } from './detect-archive-kind';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

describe('detectArchiveKind', () => {
  it.each([
    ['eml', 'eml-folder'],
    ['eml/mailparser', 'eml-folder'],
    ['eml/mailparser/mixed.eml', 'eml'],
    ['eml/ruby-mail/rfc2822/example01.eml', 'eml'],
    ['maildir/notmuch-default', 'maildir'],
    ['maildir/notmuch-lkml', 'maildir'],
    ['maildir', 'maildir'],
    ['mbox/mimekit/content-length.mbox.txt', 'mbox'],
    ['mbox/mime4j/mbox.rlug', 'mbox'],
    ['mbox/sisimai/mbox-0', 'mbox'],
    ['pst/pstsdk/sample1.pst', 'pst'],
    ['pst/pstsdk/test_ansi.pst', 'pst'],
  ])('%s is %s', (relative, kind) => {
    expect(detectArchiveKind(path.join(CORPUS, relative))).toBe(kind);
  });

  it('says what to give when the path does not exist', () => {
    const missing = path.join(os.tmpdir(), 'no-such-archive.mbox');
    expect(() => detectArchiveKind(missing)).toThrow(expect.objectContaining({ code: 'ARCHIVE.NOT_FOUND' }));
  });

  it('takes a file of any name that starts with a postmark for an mbox', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-kind-')), 'Inbox');
    fs.writeFileSync(file, 'From - Mon Jan  1 10:00:00 2024\nSubject: a\n\nb\n');
    expect(detectArchiveKind(file)).toBe('mbox');
  });
});
