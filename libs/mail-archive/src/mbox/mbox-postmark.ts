const WEEKDAY = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/i;
const TIME = /\b\d{1,2}:\d{2}(:\d{2})?\b/;

/**
 * Whether a line (without its line ending) is an mbox postmark — the `From ` line that starts a
 * message (RFC 4155): `From <sender>` optionally followed by a ctime-like date. Netscape writes
 * `From - <date>` or a bare `From -`; Gmail writes `From <id>@xxx <date>`. A body line such as
 * `From Russia with love` (left unescaped by some writers) has words but no date after the sender,
 * and so is not a postmark.
 */
export function isPostmark(line: string): boolean {
  const match = /^From +(\S+)(?:\s+(.*?))?\s*$/.exec(line);
  if (!match) return false;
  const rest = match[2] ?? '';
  return rest === '' || (WEEKDAY.test(rest) && TIME.test(rest));
}

/** `>From `, `>>From `… (mboxo / mboxrd quoting of body lines): one `>` is removed on reading. */
export function isQuotedFrom(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === 0x3e) i++;
  return i > 0 && line.subarray(i, i + 5).toString('latin1') === 'From ';
}
