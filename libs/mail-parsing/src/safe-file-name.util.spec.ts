import { MAX_FILE_NAME_LENGTH, extensionForContentType, fileExtension, safeFileName } from './safe-file-name.util';

describe('safeFileName', () => {
  it.each([
    ['path traversal keeps the last segment', '../../etc/passwd', 'passwd'],
    ['Windows path traversal', '..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['absolute path', '/var/mail/report.pdf', 'report.pdf'],
    ['a NUL byte is removed', 'a\u0000b.pdf', 'ab.pdf'],
    ['control characters are removed', 'in\u0007voice\u001b.pdf', 'invoice.pdf'],
    ['line breaks become a space', 'quarterly\r\nreport.xlsx', 'quarterly report.xlsx'],
    ['a right-to-left override cannot disguise the extension', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi isolates and zero-width characters are removed', '\u2066photo\u200B\u2069.png', 'photo.png'],
    ['double dots collapse', 'report..pdf', 'report.pdf'],
    ['leading dots (hidden files) and trailing dots or spaces go', '...bashrc. ', 'bashrc'],
    ['characters Windows refuses become _', 'a<b>c:d"e|f?g*.txt', 'a_b_c_d_e_f_g_.txt'],
    ['a Windows device name is prefixed', 'CON.txt', '_CON.txt'],
    ['accents and other scripts are kept (NFC)', 'Re\u0301sume\u0301 отчёт.docx', 'Résumé отчёт.docx'],
    ['inner spaces collapse', 'my   scan\t1.jpg', 'my scan 1.jpg'],
  ])('%s: %j → %j', (_what, raw, expected) => {
    expect(safeFileName(raw, 1, 'application/octet-stream')).toBe(expected);
  });

  it.each([
    ['empty', '', 'application/pdf', 'attachment-3.pdf'],
    ['missing', undefined, 'image/png', 'attachment-3.png'],
    ['only dots', '..', 'text/plain', 'attachment-3.txt'],
    ['only a path', '../../', 'text/csv', 'attachment-3.csv'],
    ['only control and bidi characters', '\u0000\u202E\u200B', 'application/pdf', 'attachment-3.pdf'],
    ['only punctuation', '***', 'image/jpeg', 'attachment-3.jpg'],
    ['unknown type', '', 'application/x-something', 'attachment-3.bin'],
    ['type with parameters', '', 'text/plain; charset=utf-8', 'attachment-3.txt'],
  ])('%s name falls back to attachment-N.<ext>', (_what, raw, type, expected) => {
    expect(safeFileName(raw, 3, type)).toBe(expected);
  });

  it('bounds a 300-character name and keeps its extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.pdf`, 1, 'application/pdf');
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('bounds by characters, never splitting a character in two', () => {
    const name = safeFileName(`${'😀'.repeat(300)}.png`, 1, 'image/png');
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name).toMatch(/^(😀)+\.png$/u);
  });

  it('never returns a name with a separator, .., or a control or format character', () => {
    const nasty = ['..', '/', '\\', '\u0000', '\u202E', '\u0085', '\u2028', 'a', '.', ' ', 'é', ':'];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let raw = '';
      for (let j = 0; j < 12; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        raw += nasty[seed % nasty.length];
      }
      const name = safeFileName(raw, i, 'application/pdf');
      expect(name).not.toMatch(/[/\\]|\.\.|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      expect(name.length).toBeGreaterThan(0);
    }
  });
});

describe('fileExtension / extensionForContentType', () => {
  it('reads the last extension, lower-cased; none for a dot file or no dot', () => {
    expect(fileExtension('Scan.PDF')).toBe('pdf');
    expect(fileExtension('archive.tar.gz')).toBe('gz');
    expect(fileExtension('README')).toBe('');
    expect(fileExtension('.env')).toBe('');
  });

  it('maps common content types', () => {
    expect(extensionForContentType('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
    expect(extensionForContentType('IMAGE/JPEG')).toBe('jpg');
  });
});
