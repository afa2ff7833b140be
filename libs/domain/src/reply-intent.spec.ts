import { readReplyIntent, taskIdFromReference, taskKeyInSubject } from './reply-intent';

describe('readReplyIntent', () => {
  it.each([
    ['accept', 'accept'],
    ['On it', 'accept'],
    ["I'm on it, heading there now", 'accept'],
    ['Done', 'complete'],
    ['resolved.', 'complete'],
    ['Fixed the tap, all good', 'complete'],
    ['escalate', 'escalate'],
    ['Escalate please, this needs the head of operations', 'escalate'],
    ['The tap is broken, ordering a part.', 'comment'],
    ['not done yet, waiting for parts', 'comment'],
    ['', 'comment'],
    ['Thanks!\n\ndone', 'complete'],
    ['**Done**', 'complete'],
    ['Thanks for the note\n> done', 'comment'],
  ])('%j → %s', (text, action) => {
    expect(readReplyIntent(text).action).toBe(action);
  });

  it('reads an ETA as a duration and takes the task', () => {
    expect(readReplyIntent('ETA: 30 minutes')).toEqual({ action: 'accept', eta: { text: '30 minutes', ms: 30 * 60_000 }, text: 'ETA: 30 minutes' });
    expect(readReplyIntent('eta in 2 hours').eta).toEqual({ text: 'in 2 hours', ms: 2 * 3_600_000 });
  });

  it('keeps an ETA that is a time of day as text', () => {
    expect(readReplyIntent('ETA 14:30').eta).toEqual({ text: '14:30', ms: null });
  });

  it('lets a command and an ETA stand together, first command wins', () => {
    const intent = readReplyIntent('On it\nETA: 1h\ndone');
    expect(intent.action).toBe('accept');
    expect(intent.eta?.ms).toBe(3_600_000);
  });
});

describe('taskIdFromReference', () => {
  it('finds the task id in Orgo notification Message-IDs', () => {
    expect(taskIdFromReference('<orgo.0193a3b2-7c4e-7a1b-9c2d-112233445566.5f3e2d1c-aaaa-5bbb-accc-ddddeeeeffff@orgo.local>')).toBe(
      '0193a3b2-7c4e-7a1b-9c2d-112233445566',
    );
  });

  it.each(['<CAF1234@mail.gmail.com>', '<orgo.not-a-uuid.x@orgo.local>', ''])('ignores %j', (ref) => {
    expect(taskIdFromReference(ref)).toBeNull();
  });
});

describe('taskKeyInSubject', () => {
  it.each([
    ['Re: [NS-12 · 1001.81.Ops.Maintenance] Water leak', 'NS-12'],
    ['RE: AW: [ns-7 · 11.81.Ops] Leak', 'NS-7'],
    ['Re: about NS-1042, the leak is back', 'NS-1042'],
    ['Fwd: [SA-3 · 101.41.Community.Liaison] housing', null],
    ['Re: ANS-12 something', null],
    ['Re: NS-12a', null],
    ['Water leak', null],
  ])('%j → %s', (subject, key) => {
    expect(taskKeyInSubject(subject, ['NS'])).toBe(key);
  });
});
