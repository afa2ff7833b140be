import { dedupeKeyOf, readMessageId } from './message-identity';

describe('readMessageId', () => {
  it.each([
    ['Message-ID: <a@b.example>\r\nSubject: x\r\n\r\nbody', 'a@b.example'],
    ['Subject: x\nMessage-Id:\n <folded@b.example>\n\nbody', 'folded@b.example'],
    ['Subject: x\n\nMessage-ID: <in-body@b.example>\n', null],
    ['Subject: no id\n\nbody', null],
    ['Message-ID: <>\n\n', null],
    ['Message-ID: <nul\u0000inside@b.example>\n\n', null],
    ['Message-ID: <bell\u0007@b.example>\n\n', null],
  ])('%j → %s', (raw, expected) => {
    expect(readMessageId(Buffer.from(raw))).toBe(expected);
  });
});

describe('dedupeKeyOf', () => {
  it('uses the Message-ID when there is one, else a content hash', () => {
    const raw = Buffer.from('Subject: x\n\nbody');
    expect(dedupeKeyOf(raw, 'id@x')).toBe('id@x');
    expect(dedupeKeyOf(raw, null)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dedupeKeyOf(raw, null)).toBe(dedupeKeyOf(Buffer.from('Subject: x\n\nbody'), null));
  });
});
