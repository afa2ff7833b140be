/**
 * The search box's words as an FTS5 MATCH expression, read the way PostgreSQL's
 * `websearch_to_tsquery` reads them, so both engines answer a `text` alike: words must all match,
 * `"a phrase"` matches its words in a row, `or` between two terms matches either, `-word` excludes.
 * Every term is quoted and made of letters and digits only, so nothing the person types (`%`, `_`,
 * `*`, `NEAR`, a column filter, a stray quote) is FTS5 syntax. Null when nothing is left to look
 * for (`%`, only exclusions): the search then matches no task.
 */
export function fts5Query(text: string): string | null {
  const clauses: string[][] = [];
  const excluded: string[] = [];
  let joinNext = false;
  for (const match of text.matchAll(/(-?)(?:"([^"]*)"?|(\S+))/g)) {
    const [, minus, phrase, word] = match;
    if (phrase === undefined && /^or$/i.test(word ?? '') && !minus) {
      joinNext = clauses.length > 0;
      continue;
    }
    const term = quoted(phrase ?? word ?? '');
    if (!term) continue;
    if (minus) excluded.push(term);
    else if (joinNext) clauses[clauses.length - 1].push(term);
    else clauses.push([term]);
    joinNext = false;
  }
  if (clauses.length === 0) return null;
  const required = clauses.map((alternatives) => `(${alternatives.join(' OR ')})`).join(' AND ');
  return excluded.reduce((expression, term) => `(${expression}) NOT ${term}`, required);
}

/** A term as an FTS5 string (a phrase of its letter-and-digit runs), or '' when it has none. */
function quoted(term: string): string {
  const words = term.match(/[\p{L}\p{N}]+/gu);
  return words ? `"${words.join(' ')}"` : '';
}
