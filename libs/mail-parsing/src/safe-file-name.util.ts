/** Longest file name kept, in characters, extension included. */
export const MAX_FILE_NAME_LENGTH = 120;
const MAX_EXTENSION_LENGTH = 10;

/** Extensions for the fallback name of an attachment that has none, by content type. */
const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/zip': 'zip',
  'application/ms-tnef': 'dat',
  'application/pkcs7-signature': 'p7s',
  'application/pgp-signature': 'asc',
  'application/pgp-encrypted': 'pgp',
};

/** Windows device names, unusable as file names with any extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** The extension the fallback name of an attachment of this content type gets (`bin` when unknown). */
export function extensionForContentType(contentType: string): string {
  return EXTENSION_BY_TYPE[contentType.trim().toLowerCase().split(';')[0]] ?? 'bin';
}

/** The extension of a file name, lower-cased, without the dot; empty when it has none. */
export function fileExtension(name: string): string {
  const match = /\.([^.]{1,10})$/.exec(name);
  return match && match.index > 0 ? match[1].toLowerCase() : '';
}

/**
 * A file name that is safe to store, show and offer for download, from the name a sender gave:
 * the last path segment only (no `/` or `\`), no `..`, no control, format or bidirectional
 * characters (U+202E "right-to-left override" would make `gpj.exe` read `exe.jpg`), none of
 * `<>:"|?*`, no leading or trailing dots and spaces, not a Windows device name, at most
 * MAX_FILE_NAME_LENGTH characters with the extension kept. When nothing usable is left:
 * `attachment-<n>.<extension of the content type>`.
 */
export function safeFileName(raw: string | null | undefined, index: number, contentType: string): string {
  const fallback = `attachment-${index}.${extensionForContentType(contentType)}`;
  if (!raw) return fallback;
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (RESERVED.test(name)) name = `_${name}`;
  if (!name || !/[\p{L}\p{N}]/u.test(name)) return fallback;
  return bound(name);
}

/** Cuts a name to MAX_FILE_NAME_LENGTH characters (code points), keeping its extension. */
function bound(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const ext = fileExtension(name);
  const keep = ext && ext.length <= MAX_EXTENSION_LENGTH ? `.${ext}` : '';
  const stem = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('').replace(/[\s.]+$/, '');
  return `${stem}${keep}`;
}
