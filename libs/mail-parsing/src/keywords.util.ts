const STOPWORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out has him his how its may new now ' +
    'see two way who did get let say she too use with this that from have they will would there their ' +
    'what about which when were been into more some than them then these your just like also could ' +
    'please thanks thank hello dear regards best hi re fw fwd'
  ).split(' '),
);

/**
 * Keywords of a message for rules (`keywords contains 'water'`) and pattern reviews: the distinct
 * lower-cased words of the subject and body, three letters or more, without common filler words,
 * subject words first, at most `limit`.
 */
export function extractKeywords(subject: string, body: string, limit = 60): string[] {
  const words = `${subject}\n${body.slice(0, 20_000)}`.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]{2,}/gu) ?? [];
  const seen = new Set<string>();
  for (const raw of words) {
    const word = raw.replace(/['-]+$/, '');
    if (word.length < 3 || STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (seen.size >= limit) break;
  }
  return [...seen];
}
