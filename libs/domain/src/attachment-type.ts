/** The content types Orgo recognizes by their first bytes (magic numbers), never by a mail header. */
export const SNIFFED_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  text: 'text/plain',
  unknown: 'application/octet-stream',
} as const;

const starts = (bytes: Uint8Array, magic: number[], at = 0): boolean =>
  magic.every((b, i) => bytes[at + i] === b);

/** An Office Open XML package names its main part early in the ZIP's first entries. */
function officeType(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1');
  if (head.includes('word/')) return SNIFFED_TYPES.docx;
  if (head.includes('xl/')) return SNIFFED_TYPES.xlsx;
  if (head.includes('ppt/')) return SNIFFED_TYPES.pptx;
  return SNIFFED_TYPES.zip;
}

/** Plain text: valid UTF-8 without NUL or other control characters than tab, line feed, carriage return, form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (sample.length === 0) return false;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  try {
    // A multi-byte character cut at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length === bytes.length ? sample : sample.subarray(0, sample.length - 4),
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its bytes (SPEC §4 attachments: the type is sniffed, not trusted
 * from the sender): JPEG, PNG, GIF, PDF, ZIP and Office Open XML, plain text; anything else is
 * `application/octet-stream`.
 */
export function sniffContentType(bytes: Uint8Array): string {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return SNIFFED_TYPES.jpeg;
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return SNIFFED_TYPES.png;
  if (
    starts(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return SNIFFED_TYPES.gif;
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return SNIFFED_TYPES.pdf;
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return officeType(bytes);
  if (isPlainText(starts(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes)) return SNIFFED_TYPES.text;
  return SNIFFED_TYPES.unknown;
}
