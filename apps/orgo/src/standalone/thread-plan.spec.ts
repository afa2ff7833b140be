import { SERVICE_THREAD_GROUP, notPlainData, threadPlan } from './thread-plan';

const data = { config: { dir: '/config', organizations: [{ slug: 'northside', since: new Date(0) }] }, retryDelaysMs: [1000] };

describe('threadPlan', () => {
  it('runs the service thread beside the main one on a machine with more than one core', () => {
    expect(threadPlan({ env: {}, data, cores: 2 })).toEqual({ thread: [...SERVICE_THREAD_GROUP], reason: '2 cores' });
  });

  it('keeps every service on the main thread on one core, with ORGO_STANDALONE_THREADS=1, or with an injected clock', () => {
    expect(threadPlan({ env: {}, data, cores: 1 }).thread).toEqual([]);
    expect(threadPlan({ env: { ORGO_STANDALONE_THREADS: '1' }, data, cores: 8 })).toEqual({ thread: [], reason: 'ORGO_STANDALONE_THREADS=1' });
    expect(threadPlan({ env: {}, clock: () => new Date(0), data, cores: 8 }).thread).toEqual([]);
  });

  it('runs two threads when asked, even on one core', () => {
    expect(threadPlan({ env: { ORGO_STANDALONE_THREADS: '2' }, data, cores: 1 }).thread).toEqual([...SERVICE_THREAD_GROUP]);
  });

  it('keeps every service on the main thread when what the thread needs is not plain data, and says which value', () => {
    class Settings {}
    const plan = threadPlan({ env: {}, data: { config: { services: { parser: new Settings() } } }, cores: 4 });
    expect(plan).toEqual({ thread: [], reason: 'config.services.parser cannot be handed to a thread' });
    expect(notPlainData({ list: [1, { f: () => 1 }] }, 'x')).toBe('x.list[1].f');
  });

  it('refuses a setting it does not know, naming it', () => {
    expect(() => threadPlan({ env: { ORGO_STANDALONE_THREADS: 'many' }, data })).toThrow(
      expect.objectContaining({ code: 'CONFIG.INVALID', message: expect.stringContaining("ORGO_STANDALONE_THREADS must be 1") }),
    );
  });
});
