/**
 * An email address, any: a local part of at most 64 characters that starts where a run of address
 * characters starts (so a long run without `@` is scanned once, not once per character), `@`, and a
 * domain of dot-separated labels. Obfuscated forms with a bracketed `[at]` / `(at)` and `[dot]` are
 * addresses too.
 */
const EMAIL = /(?<![\p{L}\p{N}._%+'’-])[\p{L}\p{N}._%+'’-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+/gu;
const OBFUSCATED_EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}\s?[[({]\s?(?:at|@)\s?[\])}]\s?[\p{L}\p{N}-]{1,63}(?:(?:\s?[[({]\s?dot\s?[\])}]\s?|\.)[\p{L}\p{N}-]{1,63})+/giu;

/** Replaces every email address in the text; returns the new text and how many were replaced. */
export function replaceEmailAddresses(text: string, replacement: string): { text: string; count: number } {
  let count = 0;
  const out = text
    .replace(EMAIL, () => {
      count++;
      return replacement;
    })
    .replace(OBFUSCATED_EMAIL, () => {
      count++;
      return replacement;
    });
  return { text: out, count };
}
