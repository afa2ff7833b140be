import type { ParserSettings } from '@orgo/config';
import type { EmailParsedV1, EmailReceivedV1 } from '@orgo/contracts';

import { MimeParser } from './mime-parser';
import { normalizeEmail } from './normalize-email';

/** Longest HTML converted to text and sanitized (characters). */
export const MAX_HTML_LENGTH = 2_000_000;

/** A MIME parser with the parser service's settings (`config/services/parser/`). */
export function mimeParserFor(settings: ParserSettings, threads = settings.parseThreads): MimeParser {
  return new MimeParser({ timeoutMs: settings.parseTimeoutMs, threads, memoryMb: settings.parseMemoryMb, maxHtmlLength: MAX_HTML_LENGTH });
}

/**
 * Parses one raw message exactly as the parser service does (bounded in time and memory, the same
 * normalization and attachment policy), with a parser of its own that is closed afterwards: for a
 * dry run (`orgo rules test`, `POST /api/v1/rules/test`). Throws the parser's OrgoErrors
 * (`EMAIL.UNPARSEABLE`, `EMAIL.NO_SENDER`, …).
 */
export async function parseRawEmail(
  raw: Buffer,
  received: Pick<EmailReceivedV1, 'emailId' | 'mailbox' | 'messageId' | 'receivedAt'>,
  settings: ParserSettings,
): Promise<EmailParsedV1> {
  const mime = mimeParserFor(settings, 1);
  try {
    const mail = await mime.parse(raw);
    return normalizeEmail(mail, received, { allowedTypes: settings.allowedAttachmentTypes, maxBytes: settings.maxAttachmentBytes });
  } finally {
    await mime.close();
  }
}
