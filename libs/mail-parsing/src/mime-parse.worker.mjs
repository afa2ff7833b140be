// Runs in a worker thread (piscina), so that a message that makes mailparser or the HTML sanitizer
// spin or swell can be stopped (the thread is terminated at the parse timeout or its memory limit)
// without stopping the service. Plain JavaScript: worker threads load it without a TypeScript
// compiler. Returns the shape of `MimeParseOutcome` in mime-parse-result.ts; never throws.
import { simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';

/** Sanitized HTML (SPEC §9): the default safe tags, links only to http(s)/mailto/tel, no images, styles or scripts. */
const SANITIZE = {
  allowedTags: sanitizeHtml.defaults.allowedTags,
  allowedAttributes: { a: ['href', 'name', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

/** A string value, or null: mailparser leaves odd types (false, arrays) in fields of broken messages. */
const text = (value) => (typeof value === 'string' ? value : null);

/**
 * @param {{ raw: Uint8Array, maxHtmlLength: number }} task
 */
export default async function parse({ raw, maxHtmlLength }) {
  try {
    const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      keepCidLinks: true,
      skipImageLinks: true,
      skipTextToHtml: true,
      checksumAlgo: 'sha256',
      maxHtmlLengthToParse: maxHtmlLength,
    });
    const html = typeof mail.html === 'string' && mail.html.trim() ? sanitizeHtml(mail.html.slice(0, maxHtmlLength), SANITIZE).trim() : '';
    const date = mail.headerLines.find((l) => l.key === 'date');
    return {
      ok: true,
      mail: {
        headers: mail.headers,
        headerKeys: mail.headerLines.map((l) => l.key),
        dateHeader: date ? date.line.replace(/^[^:]*:/, '').trim() : null,
        subject: text(mail.subject),
        from: mail.from ?? null,
        to: mail.to ?? null,
        cc: mail.cc ?? null,
        replyTo: mail.replyTo ?? null,
        messageId: text(mail.messageId),
        inReplyTo: text(mail.inReplyTo),
        references: Array.isArray(mail.references) ? mail.references.filter((r) => typeof r === 'string') : text(mail.references),
        text: text(mail.text),
        textConversionError: mail.textConversionError ? mail.textConversionError.message : null,
        html: html || null,
        attachments: mail.attachments.map((a) => ({
          filename: text(a.filename),
          contentType: text(a.contentType) || 'application/octet-stream',
          contentDisposition: text(a.contentDisposition),
          size: typeof a.size === 'number' ? a.size : a.content ? a.content.length : 0,
          sha256: text(a.checksum) ?? '',
          partId: text(a.partId),
          content: Buffer.isBuffer(a.content) ? new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength) : null,
        })),
      },
    };
  } catch (error) {
    return { ok: false, code: error && error.code ? String(error.code) : null, message: error && error.message ? String(error.message) : String(error) };
  }
}
