import { SNIFFED_TYPES, sniffContentType } from './attachment-type';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniffContentType', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), SNIFFED_TYPES.jpeg],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), SNIFFED_TYPES.png],
    ['GIF89a', Buffer.from('GIF89a\x01\x00'), SNIFFED_TYPES.gif],
    ['GIF87a', Buffer.from('GIF87a\x01\x00'), SNIFFED_TYPES.gif],
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3'), SNIFFED_TYPES.pdf],
    ['ZIP', Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04), Buffer.from('readme.txt')]), SNIFFED_TYPES.zip],
    [
      'DOCX',
      Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04), Buffer.from('[Content_Types].xml word/document.xml')]),
      SNIFFED_TYPES.docx,
    ],
    [
      'XLSX',
      Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04), Buffer.from('xl/workbook.xml')]),
      SNIFFED_TYPES.xlsx,
    ],
    ['text', Buffer.from('Wasser tropft im Keller.\r\nBitte kommen.\n'), SNIFFED_TYPES.text],
    ['UTF-8 text with BOM', Buffer.from('\ufeffÄrger über Öl'), SNIFFED_TYPES.text],
    ['binary', bytes(0, 1, 2, 3, 0xfe), SNIFFED_TYPES.unknown],
    ['empty', bytes(), SNIFFED_TYPES.unknown],
  ])('%s', (_name, input, expected) => {
    expect(sniffContentType(input)).toBe(expected);
  });

  it('does not trust a name or header: an executable called photo.jpg is not an image', () => {
    expect(sniffContentType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00'))).toBe(SNIFFED_TYPES.unknown);
  });

  it('reads a long text without being fooled by a character cut at the sample end', () => {
    expect(sniffContentType(Buffer.from('é'.repeat(10000)))).toBe(SNIFFED_TYPES.text);
  });
});
