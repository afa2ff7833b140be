import fs from 'node:fs';
import path from 'node:path';

import { EMAIL_REJECTION_REASONS, type EmailParsedV1 } from '@orgo/contracts';
import type { DatabaseOptions } from '@orgo/persistence';

import { CORPUS_EML, OutcomeTally, type Outcome, ParserHarness, corpusFiles, postgresSchema } from './parser-test-harness';

/**
 * Every message of the shared corpus (207 real messages of six mail libraries' test suites:
 * malformed headers, charsets, nested multiparts, bounces, S/MIME, 28 KB boundaries, 135 KB nesting,
 * 1 MB bodies) through the real parser — mailparser in its worker pool, the parser's database
 * (SQLite as standalone, PostgreSQL as distributed, whose column limits are strict) — and then a few
 * thousand damaged copies of them (on PostgreSQL). Each must end parsed, or quarantined with a known
 * reason and a message for a person: no crash, no unhandled rejection, no hang (the per-message parse
 * timeout bounds each one).
 */
const DATABASES: [string, DatabaseOptions | undefined, { mutants: boolean }][] = [
  ['SQLite', undefined, { mutants: false }],
  ['PostgreSQL', postgresSchema('parser_corpus'), { mutants: true }],
];

describe.each(DATABASES)('parser over the mail corpus (%s)', (database, options, { mutants }) => {
  let harness: ParserHarness;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    harness = await ParserHarness.open({}, options);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await harness?.close();
  });

  /** Reception times a day apart: the per-sender rate limit is not what these tests are about. */
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString();

  function expectAccountedFor(outcome: Outcome, what: string): void {
    if (outcome.outcome === 'parsed') {
      const email = JSON.parse(harness.unsealed(outcome.email.parsed) ?? '') as EmailParsedV1;
      expect({ what, sender: email.from.address }).toEqual({ what, sender: expect.stringContaining('@') });
      for (const a of [...email.attachments, ...(email.droppedAttachments ?? [])]) {
        expect({ what, filename: a.filename }).not.toEqual({ what, filename: expect.stringMatching(/[/\\]|\.\.|[\p{Cc}\p{Cf}]/u) });
      }
    } else {
      const reason = outcome.row.reason;
      expect({ what, reason, known: (EMAIL_REJECTION_REASONS as readonly string[]).includes(reason) }).toEqual({ what, reason, known: true });
      expect(harness.unsealed(outcome.row.message)?.length).toBeGreaterThan(20);
      expect(outcome.row.rawBase64).not.toBeNull();
    }
  }

  it('parses or quarantines with a reason every message of the corpus', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(200);
    const tally = new OutcomeTally();
    const bySource = new Map<string, OutcomeTally>();
    for (const [i, file] of files.entries()) {
      const outcome = await harness.receive(fs.readFileSync(file), `corpus-${i}`, { receivedAt: day(i) });
      const what = path.relative(CORPUS_EML, file);
      expectAccountedFor(outcome, what);
      tally.add(outcome);
      const source = what.split(path.sep)[0];
      if (!bySource.has(source)) bySource.set(source, new OutcomeTally());
      bySource.get(source)?.add(outcome);
    }
    console.log([tally.format(`corpus ${CORPUS_EML} on ${database}`), ...[...bySource.entries()].map(([s, t]) => t.format(`  ${s}`))].join('\n'));
    expect(tally.total).toBe(files.length);
    expect(tally.counts.get('parsed') ?? 0).toBeGreaterThan(files.length / 2);
    expect(unhandled).toEqual([]);
  });

  // The mutants run once, on the stricter database.
  if (!mutants) return;

  it('keeps its footing on ~3,000 truncated, bit-flipped and header-stripped copies', async () => {
    const seed = Number(process.env.ORGO_MUTATION_SEED ?? 20261123);
    const count = Number(process.env.ORGO_MUTATION_COUNT ?? 3000);
    console.log(`mutation test: seed ${seed} (ORGO_MUTATION_SEED=${seed} reproduces it), ${count} mutants`);
    const random = mulberry32(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const sources = corpusFiles().map((f) => fs.readFileSync(f));
    const tally = new OutcomeTally();
    const byMutation = new Map<string, number>();
    const unusual: string[] = [];
    for (let i = 0; i < count; i++) {
      const original = sources[pick(sources.length)];
      const [kind, mutant] = mutate(original, random, pick);
      byMutation.set(kind, (byMutation.get(kind) ?? 0) + 1);
      const outcome = await harness.receive(mutant, `mutant-${i}`, { receivedAt: day(i) });
      expectAccountedFor(outcome, `mutant ${i} (${kind})`);
      tally.add(outcome);
      if (outcome.outcome === 'quarantined' && !['EMAIL.NO_SENDER', 'EMAIL.NO_HEADERS'].includes(outcome.row.reason)) {
        unusual.push(`  mutant ${i} (${kind} of ${original.length} bytes): ${outcome.row.reason} — ${harness.unsealed(outcome.row.message)}`);
      }
    }
    console.log([tally.format(`mutants (seed ${seed}; ${[...byMutation].map(([k, n]) => `${n} ${k}`).join(', ')})`), ...unusual].join('\n'));
    expect(tally.total).toBe(count);
    expect(unhandled).toEqual([]);
  }, 30 * 60_000);
});

/** A small seeded PRNG (mulberry32): the same seed gives the same mutants on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One damaged copy: a truncation, a few flipped bytes, a deleted header line, or a mangled boundary line. */
function mutate(original: Buffer, random: () => number, pick: (n: number) => number): [string, Buffer] {
  const kind = pick(4);
  if (kind === 0 || original.length < 2) return ['truncations', original.subarray(0, pick(original.length + 1))];
  if (kind === 1) {
    const copy = Buffer.from(original);
    const flips = 1 + pick(16);
    for (let f = 0; f < flips; f++) copy[pick(copy.length)] ^= 1 << pick(8);
    return ['byte flips', copy];
  }
  const text = original.toString('latin1');
  const lines = text.split('\n');
  if (kind === 2) {
    const headerEnd = Math.max(lines.findIndex((l) => l.trim() === ''), 1);
    lines.splice(pick(headerEnd), 1 + pick(Math.min(3, headerEnd)));
    return ['header deletions', Buffer.from(lines.join('\n'), 'latin1')];
  }
  const boundaries = lines.map((l, i) => (l.startsWith('--') ? i : -1)).filter((i) => i >= 0);
  if (boundaries.length === 0) return ['truncations', original.subarray(0, pick(original.length + 1))];
  const at = boundaries[pick(boundaries.length)];
  lines[at] = random() < 0.5 ? '' : `${lines[at]}${'-'.repeat(pick(3))}x`;
  return ['boundary damage', Buffer.from(lines.join('\n'), 'latin1')];
}
