import { topicMatcher } from './topic-pattern';

describe('topicMatcher', () => {
  it.each([
    ['email.parsed', 'email.parsed', true],
    ['email.parsed', 'email.received', false],
    ['email.*', 'email.parsed', true],
    ['email.*', 'email.parsed.extra', false],
    ['task.*.created', 'task.maintenance.created', true],
    ['task.*.created', 'task.maintenance.escalated', false],
    ['task.*.created', 'task.created', false],
    ['task.#', 'task.hr.escalated', true],
    ['task.#', 'task', true],
    ['#', 'anything.at.all', true],
    ['#', 'one', true],
    ['#.escalated', 'task.it.escalated', true],
    ['#.escalated', 'escalated', true],
    ['#.escalated', 'task.it.created', false],
    ['#.escalated', 'taskescalated', false],
    ['task.#.created', 'task.created', true],
    ['task.#.created', 'task.a.b.created', true],
    ['command.task.*', 'command.task.create', true],
    ['command.task.*', 'command.tasks.create', false],
  ])('%s against %s → %s', (pattern, key, expected) => {
    expect(topicMatcher(pattern)(key)).toBe(expected);
  });
});
