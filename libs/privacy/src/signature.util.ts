import EmailReplyParser from 'email-reply-parser';

/**
 * The quoted history and the signature block of an email body (SPEC §6 Privacy): both carry the
 * reporter's identity (a signature its name, title, phones and address; a quote its earlier mail).
 *
 * Signature lines are recognised by email-reply-parser (crisp-oss, maintained, used by Crisp on
 * about a million inbound mails a day; Orgo's reply detection uses it too) and by Orgo's own list of
 * sign-offs in English, French, German and Spanish, the `-- ` delimiter (RFC 3676) and device
 * lines ("Sent from my iPhone"). The parser is asked about one short line at a time: its
 * whole-message regular expressions backtrack badly on long lines (without the optional `re2`), and
 * it hides everything after the first signature-looking line, which would drop the body of a
 * report that says "Thanks," in its middle. Here a block counts as a signature only at the end of
 * the text, when it is short and (for a sign-off) followed by what reads as a name.
 */

const parser = new EmailReplyParser();

/** Sign-offs, as whole lines (case-insensitive, trailing punctuation ignored). */
const SIGN_OFFS = new RegExp(
  `^(?:${[
    'best', 'best regards', 'best wishes', 'kind regards', 'kindest regards', 'warm regards', 'warmest regards',
    'regards', 'many thanks', 'thanks', 'thank you', 'thanks again', 'thanks in advance', 'thank you in advance',
    'thanks and regards', 'thanks & regards', 'cheers', 'sincerely', 'yours sincerely', 'yours truly',
    'yours faithfully', 'respectfully', 'all the best', 'take care', 'talk soon',
    'cordialement', 'bien cordialement', 'très cordialement', 'bien à vous', 'bien a vous', 'merci', 'merci beaucoup',
    'merci d\'avance', 'salutations', 'sincères salutations', 'meilleures salutations', 'bonne journée', 'amitiés', 'bises',
    'mit freundlichen grüßen', 'mit freundlichen grüssen', 'freundliche grüße', 'freundliche grüsse', 'viele grüße',
    'viele grüsse', 'beste grüße', 'beste grüsse', 'liebe grüße', 'liebe grüsse', 'herzliche grüße', 'grüße', 'gruß',
    'danke', 'vielen dank', 'lg', 'mfg', 'vg',
    'saludos', 'un saludo', 'saludos cordiales', 'atentamente', 'gracias', 'muchas gracias', 'un abrazo',
  ]
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|')})[\\s,.!;:-]*$`,
  'iu',
);

/** Lines a mail program adds ("Sent from my iPhone", "Envoyé de mon iPad", "Von meinem iPhone gesendet"). */
const DEVICE_LINE =
  /^(?:sent from (?:my )?\S.{0,40}|sent with \S.{0,40}|get outlook for \S.{0,30}|envoyé (?:de|depuis) (?:mon )?\S.{0,40}|von meinem \S.{0,30} gesendet|gesendet von \S.{0,40}|enviado desde (?:mi )?\S.{0,40})$/iu;

/** The signature delimiters: `-- ` (RFC 3676), `--`, `__`, a line of dashes or underscores. */
const DELIMITER = /^(?:--|—|_{2,}|-{3,}|={3,})$/;

/** Reply headers after which the quoted earlier mail follows ("On … wrote:", "Le … a écrit :", …). */
const ANSWER_HEADER =
  /^(?:>[ \t]*)*(?:On\b.{0,240}\bwrote:|Le\b.{0,240}\bécrit[ \t]?:|Am\b.{0,240}\bschrieb\b.{0,240}:|El\b.{0,240}\bescribió:|.{0,120}<[^>\s]{1,120}>[ \t]?(?:wrote|schrieb|a écrit|escribió)[ \t]?:)[ \t]*$/iu;
/** First line of a two-line reply header whose second line ends in "wrote:". */
const ANSWER_HEADER_START = /^(?:>[ \t]*)*(?:On|Le|Am|El)\b.{0,240}$/u;
const ANSWER_HEADER_END = /^.{0,240}\b(?:wrote|écrit|schrieb|escribió)[ \t]?:[ \t]*$/iu;
/** Outlook-style history: everything after it is the earlier mail, unquoted. */
const ORIGINAL_MESSAGE =
  /^[ \t]*-{2,}[ \t]*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original)[ \t]*-{2,}[ \t]*$/iu;
/** Outlook's rule above the header block of the earlier mail (only when a From: line follows). */
const OUTLOOK_RULE = /^[ \t]*_{10,}[ \t]*$/;
const OUTLOOK_FROM = /^[ \t]*\*?(?:From|De|Von|Da)[ \t]?:\*?[ \t]/u;
const OUTLOOK_FIELD = /^[ \t]*\*?(?:Sent|Date|Envoyé|Gesendet|Datum|Enviado|Fecha|To|À|An|Para|Subject|Objet|Betreff|Asunto)[ \t]?:\*?[ \t]/u;
const QUOTE_LINE = /^[ \t]*>/;

/** How many short lines a signature may have after a sign-off, and after the `-- ` delimiter (disclaimers included). */
const MAX_SIGNATURE_LINES = 10;
const MAX_DELIMITED_LINES = 25;
const MAX_SIGNATURE_LINE = 100;

export interface BlockRemoval {
  text: string;
  quoted: boolean;
  signature: boolean;
}

/**
 * Removes the quoted history: lines quoted with `>`, reply headers, and everything after an
 * Outlook-style header block ("-----Original Message-----", or From: followed by Sent:/Date:).
 * A forwarded message ("---------- Forwarded message ---------") is kept: it may be the evidence.
 */
export function removeQuotedHistory(text: string): { text: string; quoted: boolean } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let quoted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 2000) {
      kept.push(line);
      continue;
    }
    const outlook =
      ORIGINAL_MESSAGE.test(line) ||
      (OUTLOOK_FROM.test(line) && outlookBlockFollows(lines, i)) ||
      (OUTLOOK_RULE.test(line) && i + 1 < lines.length && OUTLOOK_FROM.test(lines[i + 1]) && outlookBlockFollows(lines, i + 1));
    if (outlook) {
      if (kept.some((l) => l.trim() !== '')) {
        quoted = true;
        break;
      }
    }
    if (QUOTE_LINE.test(line) || ANSWER_HEADER.test(line)) {
      quoted = true;
      continue;
    }
    if (ANSWER_HEADER_START.test(line) && i + 1 < lines.length && ANSWER_HEADER_END.test(lines[i + 1]) && quoteFollows(lines, i + 2)) {
      quoted = true;
      i++;
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), quoted };
}

/**
 * Removes the signature block at the end of the text: from a delimiter, a sign-off followed by a
 * name-like line, a device line, or a line that is the sender's own name, to the end, when what
 * follows is a few short lines.
 */
export function removeSignature(text: string, isOwnName?: (line: string) => boolean): { text: string; signature: boolean } {
  const lines = text.split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  const firstContent = lines.findIndex((l) => l.trim() !== '');
  const floor = Math.max(firstContent + 1, end - MAX_DELIMITED_LINES - 1);
  let cut = -1;
  for (let i = end - 1; i >= floor && i >= 0; i--) {
    const line = lines[i];
    if (line.length > MAX_SIGNATURE_LINE) break;
    const trimmed = line.trim();
    const after = lines.slice(i + 1, end).filter((l) => l.trim() !== '');
    if (after.some((l) => l.length > MAX_SIGNATURE_LINE)) break;
    if (DELIMITER.test(trimmed) || DEVICE_LINE.test(trimmed)) {
      cut = i;
    } else if (after.length > MAX_SIGNATURE_LINES) {
      continue;
    } else if (isSignOff(trimmed) && (after.length === 0 || readsAsName(after[0]))) {
      cut = i;
    } else if (isOwnName?.(trimmed) && after.length <= MAX_SIGNATURE_LINES - 4 && (cut < 0 || cut > i)) {
      cut = i;
    }
  }
  if (cut < 0) return { text, signature: false };
  return { text: lines.slice(0, cut).join('\n'), signature: true };
}

function isSignOff(line: string): boolean {
  if (line.length === 0 || line.length > 40) return false;
  if (SIGN_OFFS.test(line)) return true;
  // email-reply-parser's own signature lines (its locales), asked about this one line between two
  // neutral ones: it hides a signature line and what follows it, so only the first stays visible.
  return parser.read(`x\n${line}\nx`).getVisibleText().trim() === 'x';
}

/** One to five words, each capitalized (or an initial), no sentence: "Maria", "M. Lopez", "Maria Lopez (HR)". */
function readsAsName(line: string): boolean {
  const words = line.trim().replace(/\([^)]*\)/g, '').split(/[\s,]+/).filter(Boolean);
  if (words.length === 0 || words.length > 5 || line.trim().length > 60) return false;
  return words.every((w) => /^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|[-–—~]+\p{Lu}?[\p{L}'’.-]*)$/u.test(w));
}

function outlookBlockFollows(lines: readonly string[], at: number): boolean {
  for (let j = at + 1; j < Math.min(lines.length, at + 5); j++) {
    if (OUTLOOK_FIELD.test(lines[j])) return true;
  }
  return false;
}

function quoteFollows(lines: readonly string[], at: number): boolean {
  for (let j = at; j < Math.min(lines.length, at + 3); j++) {
    if (lines[j].trim() === '') continue;
    return QUOTE_LINE.test(lines[j]);
  }
  return true;
}

/** Quoted history first (a signature sits above it), then the signature at the end of what is left. */
export function removeQuotesAndSignature(text: string, isOwnName?: (line: string) => boolean): BlockRemoval {
  const history = removeQuotedHistory(text);
  const signature = removeSignature(history.text, isOwnName);
  return { text: signature.text, quoted: history.quoted, signature: signature.signature };
}
