import fs from 'node:fs';
import path from 'node:path';

import type { ArchiveEntry, ReadArchiveOptions } from '../archive-entry';
import { isPostmark, isQuotedFrom } from './mbox-postmark';

const CHUNK_BYTES = 256 * 1024;
/** Header bytes kept to find a Content-Length; the rest of a long header block is only copied. */
const HEADER_SCAN_BYTES = 64 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface OpenMessage {
  start: number;
  lines: Buffer[];
  inHeader: boolean;
  header: string;
  /** End of the body a valid Content-Length header declares: no postmark is looked for before it. */
  declaredEnd: number | null;
}

/**
 * Reads an mbox file as a stream of messages, one message in memory at a time, so an archive of any
 * size is read in constant memory. Handles the usual dialects: mboxo / mboxrd (`>From ` quoting is
 * undone by one `>`), mboxcl (a `Content-Length` header that points at the next postmark is trusted,
 * so an unquoted `From ` line inside that body does not split the message), Netscape `From -`
 * separators, CRLF files and a leading byte-order mark. Bytes before the first postmark, and empty
 * or degenerate files, give no message.
 *
 * Each message carries its byte range; `after` resumes at the end of that range without reading
 * what comes before it.
 */
export async function* readMbox(file: string, options: ReadArchiveOptions = {}): AsyncGenerator<ArchiveEntry> {
  const { size } = await fs.promises.stat(file);
  const from = options.after?.kind === 'mbox' ? options.after.end : 0;
  if (from >= size) return;
  const handle = await fs.promises.open(file, 'r');
  const name = path.basename(file);
  try {
    let offset = from;
    let current: OpenMessage | null = null;
    for await (let line of readLines(file, from)) {
      const lineStart = offset;
      offset += line.length;
      if (lineStart === 0 && line.subarray(0, 3).equals(BOM)) line = line.subarray(3);
      const inDeclaredBody = current?.declaredEnd != null && lineStart < current.declaredEnd;
      if (!inDeclaredBody && isPostmark(textOf(line))) {
        if (current) yield finish(current, lineStart, name);
        current = { start: lineStart, lines: [], inHeader: true, header: '', declaredEnd: null };
        continue;
      }
      if (!current) continue;
      if (current.inHeader) {
        if (textOf(line) === '') {
          current.inHeader = false;
          current.declaredEnd = await declaredBodyEnd(handle, current.header, offset, size);
        } else if (current.header.length < HEADER_SCAN_BYTES) {
          current.header += line.toString('latin1');
        }
      }
      current.lines.push(!current.inHeader && isQuotedFrom(line) ? line.subarray(1) : line);
    }
    if (current) yield finish(current, offset, name);
  } finally {
    await handle.close();
  }
}

function finish(message: OpenMessage, end: number, name: string): ArchiveEntry {
  const { lines } = message;
  // The empty line written before the next postmark belongs to the mbox, not to the message.
  if (lines.length > 0 && textOf(lines[lines.length - 1]) === '') lines.pop();
  const raw = Buffer.concat(lines);
  const position = { kind: 'mbox' as const, offset: message.start, end };
  const origin = `${name} at byte ${message.start}`;
  if (raw.toString('latin1').trim() === '') return { type: 'skipped', reason: 'empty-message', position, origin };
  return { type: 'message', raw, position, origin };
}

/**
 * The end of the body a Content-Length header declares, when it is right: the declared end is the
 * end of the file or is followed (after at most one line break) by a postmark. A wrong length is
 * ignored and the postmarks alone separate the messages.
 */
async function declaredBodyEnd(handle: fs.promises.FileHandle, header: string, bodyStart: number, size: number): Promise<number | null> {
  const match = /^content-length:[ \t]*(\d+)[ \t]*\r?$/im.exec(header);
  if (!match) return null;
  const end = bodyStart + Number(match[1]);
  if (end > size) return null;
  if (end === size) return end;
  const probe = Buffer.alloc(7);
  const { bytesRead } = await handle.read(probe, 0, probe.length, end);
  const next = probe.subarray(0, bytesRead).toString('latin1');
  if (/^(\r?\n)?From /.test(next)) return end;
  return /^(\r?\n)*$/.test(next) && end + bytesRead >= size ? end : null;
}

function textOf(line: Buffer): string {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end--;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  return line.subarray(0, Math.min(end, 1024)).toString('latin1');
}

/** The file's lines from `start`, each with its own line ending (bytes untouched). */
async function* readLines(file: string, start: number): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let newline = data.indexOf(0x0a);
    while (newline >= 0) {
      yield data.subarray(0, newline + 1);
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length) yield carry;
}
