import fs from 'node:fs';
import path from 'node:path';

import { blindIndex } from '@orgo/security';

import { CORPUS_EML, type Outcome, ParserHarness } from '../parsing/parser-test-harness';

const reasonOf = (outcome: Outcome) => (outcome.outcome === 'quarantined' ? outcome.row.reason : 'parsed');
/** A real message (From: andris@kreata.ee) with its sender replaced. */
const from = (sender: string) =>
  Buffer.from(fs.readFileSync(path.join(CORPUS_EML, 'mailparser/nodemailer.eml'), 'latin1').replace(/^From: .*$/m, `From: ${sender}`), 'latin1');
const minute = (m: number) => new Date(Date.UTC(2026, 10, 23, 9, 0) + m * 60_000).toISOString();

/** Mail hygiene (SPEC §6) in the parser: the organization's block list and the per-sender rate limit. */
describe('mail hygiene', () => {
  let harness: ParserHarness;

  beforeAll(async () => {
    harness = await ParserHarness.open({ rateLimit: { messages: 3, windowMs: 10 * 60_000 } });
    harness.config.organizations[0].intake = { block: ['spammer@bad.example', '@junk.example'] };
  });

  afterAll(() => harness?.close());

  it('quarantines mail from a blocked address or domain with the entry that blocked it, and lets others through', async () => {
    const blocked = await harness.receive(from('Spammer <SPAMMER@bad.example>'), 'blocked-1', { receivedAt: minute(0) });
    expect(reasonOf(blocked)).toBe('EMAIL.BLOCKED_SENDER');
    if (blocked.outcome === 'quarantined') {
      // The message goes into email.rejected (audit, console): an address entry is not repeated there.
      expect(harness.unsealed(blocked.row.message)).toContain('blocked by an address entry of intake.block');
      expect(harness.unsealed(blocked.row.message)).not.toContain('spammer');
      expect(harness.unsealed(blocked.row.sender)).toBe('spammer@bad.example');
      expect(blocked.row.senderIndex).toBe(blindIndex(harness.keys, 'northside', 'spammer@bad.example'));
    }
    const byDomain = await harness.receive(from('bot@mail.junk.example'), 'blocked-2', { receivedAt: minute(0) });
    expect(byDomain.outcome === 'quarantined' && harness.unsealed(byDomain.row.message)).toContain("the entry '@junk.example'");
    expect(reasonOf(byDomain)).toBe('EMAIL.BLOCKED_SENDER');
    expect(reasonOf(await harness.receive(from('friend@bad.example'), 'not-blocked', { receivedAt: minute(0) }))).toBe('parsed');
  });

  it('holds back a sender over the rate limit, says so once per burst, and lets them through after the window', async () => {
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(reasonOf(await harness.receive(from('loop@example.org'), `loop-${i}`, { receivedAt: minute(i) })));
    expect(outcomes).toEqual(['parsed', 'parsed', 'parsed', 'EMAIL.RATE_LIMITED', 'EMAIL.RATE_LIMITED', 'EMAIL.RATE_LIMITED']);
    const warnings = harness.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg?.startsWith('sender over the rate limit'));
    expect(warnings).toHaveLength(1);
    // The sender is named by the first characters of their blind index, never by address.
    expect(warnings[0]).toMatchObject({ level: 40, senderIndex: blindIndex(harness.keys, 'northside', 'loop@example.org').slice(0, 12), emailId: 'loop-3' });
    expect(warnings[0]).not.toHaveProperty('sender');
    expect(harness.logLines.filter((l) => l.includes('loop@example.org'))).toEqual([]);
    const held = await harness.outcome('loop-4');
    expect(held.outcome === 'quarantined' && harness.unsealed(held.row.message)).toMatch(/The sender sent more than 3 messages to northside within 10m/);
    // Another sender is not affected; the same sender is let through once the window has moved on.
    expect(reasonOf(await harness.receive(from('other@example.org'), 'other', { receivedAt: minute(5) }))).toBe('parsed');
    expect(reasonOf(await harness.receive(from('loop@example.org'), 'loop-later', { receivedAt: minute(12) }))).toBe('parsed');
  });

  it('does not hold back an archive import (a year of mail at once is not a flood), but still blocks', async () => {
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(reasonOf(await harness.receive(from('archive@example.org'), `import-${i}`, { receivedAt: minute(100), source: 'import' })));
    expect(outcomes).toEqual(['parsed', 'parsed', 'parsed', 'parsed', 'parsed']);
    expect(reasonOf(await harness.receive(from('x@junk.example'), 'import-blocked', { receivedAt: minute(100), source: 'import' }))).toBe('EMAIL.BLOCKED_SENDER');
  });
});
