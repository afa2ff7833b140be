import { GENESIS_HASH, canonicalJson, findBrokenLink, hashEntry } from './audit-hash';

function chain(n: number) {
  const entries = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      id: `id-${i}`,
      category: 'task',
      seq: i,
      at: `2026-11-23T12:00:0${i}.000Z`,
      organization: 'northside',
      action: 'task.maintenance.created',
      actor: 'task-service',
      messageId: `m-${i}`,
      taskId: 't-1',
      emailId: null,
      label: '1001.81.Ops.Maintenance',
      details: { b: 2, a: [1, { d: 4, c: 3 }] },
      prevHash: prev,
    };
    const hash = hashEntry(fields);
    entries.push({ ...fields, hash });
    prev = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[2,{"e":0,"f":1}],"d":1},"b":1}');
  });

  it('an intact chain verifies', () => {
    expect(findBrokenLink(chain(5))).toBeNull();
  });

  it('names the first entry whose content was changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], actor: 'someone-else' };
    expect(findBrokenLink(entries)).toEqual({ entry: entries[2], problem: 'hash does not match the entry content' });
  });

  it('names the entry after a deleted one', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBrokenLink(entries)?.entry.id).toBe('id-3');
  });
});
