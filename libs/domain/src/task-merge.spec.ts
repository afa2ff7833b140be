import { type MergeCandidate, mergeRefusal } from './task-merge';

const task = (over: Partial<MergeCandidate> = {}): MergeCandidate => ({ id: 'a', key: 'RS-1', organization: 'riverside', status: 'pending', sensitive: false, mergedInto: null, ...over });
const code = (duplicate: MergeCandidate, survivor: MergeCandidate) => mergeRefusal(duplicate, survivor)?.code ?? null;

describe('mergeRefusal', () => {
  const survivor = task({ id: 'b', key: 'RS-2' });

  it('lets an open duplicate merge into an open task of its organization', () => {
    expect(code(task(), survivor)).toBeNull();
    expect(code(task({ status: 'escalated' }), task({ id: 'b', status: 'on_hold' }))).toBeNull();
  });

  it('refuses a task merged into itself', () => {
    expect(code(task(), task())).toBe('TASK.MERGE_SELF');
  });

  it('refuses tasks of two organizations', () => {
    expect(code(task(), task({ id: 'b', organization: 'lakeside' }))).toBe('TASK.MERGE_OTHER_ORGANIZATION');
  });

  it('refuses a duplicate merged before, or closed', () => {
    expect(code(task({ status: 'cancelled', mergedInto: 'c' }), survivor)).toBe('TASK.MERGE_ALREADY_MERGED');
    expect(code(task({ status: 'completed' }), survivor)).toBe('TASK.MERGE_DUPLICATE_CLOSED');
  });

  it('refuses a chain: the survivor was itself merged', () => {
    expect(code(task(), task({ id: 'b', status: 'cancelled', mergedInto: 'c' }))).toBe('TASK.MERGE_CHAIN');
  });

  it('refuses a closed survivor', () => {
    for (const status of ['completed', 'failed', 'cancelled']) expect(code(task(), task({ id: 'b', status }))).toBe('TASK.MERGE_TARGET_CLOSED');
  });

  it('refuses a sensitive report into a task that is not sensitive, not the other way round', () => {
    expect(code(task({ sensitive: true }), survivor)).toBe('TASK.MERGE_SENSITIVITY');
    expect(code(task(), task({ id: 'b', sensitive: true }))).toBeNull();
    expect(code(task({ sensitive: true }), task({ id: 'b', sensitive: true }))).toBeNull();
  });
});
