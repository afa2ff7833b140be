import { blockingEntry } from './sender-block-list.util';

describe('blockingEntry', () => {
  const block = ['spam@example.com', '@junk.example', '@Shouty.Example'];

  it.each([
    ['an exact address', 'spam@example.com', 'spam@example.com'],
    ['an address in another case', 'SPAM@Example.COM', 'spam@example.com'],
    ['a blocked domain', 'anyone@junk.example', '@junk.example'],
    ['a subdomain of a blocked domain', 'bot@mail.junk.example', '@junk.example'],
    ['a domain entry written in capitals', 'x@shouty.example', '@Shouty.Example'],
  ])('blocks %s', (_what, sender, entry) => {
    expect(blockingEntry(block, sender)).toBe(entry);
  });

  it.each([
    ['another address of a blocked address’s domain', 'friend@example.com'],
    ['a domain that only ends like a blocked one', 'x@notjunk.example'],
    ['a local part that looks like a domain', 'junk.example@ok.example'],
    ['no address at all', 'not-an-address'],
  ])('lets through %s', (_what, sender) => {
    expect(blockingEntry(block, sender)).toBeNull();
  });

  it('blocks nobody with an empty list', () => {
    expect(blockingEntry([], 'spam@example.com')).toBeNull();
  });
});
