import { OrgoError } from './errors';
import { TASK_STATUSES, type TaskStatus, allowedTransitions, assertTransition, canTransition, clockRunning, isTerminal } from './lifecycle';

describe('task lifecycle', () => {
  it.each([
    ['pending', 'in_progress'],
    ['in_progress', 'completed'],
    ['pending', 'escalated'],
    ['escalated', 'escalated'],
    ['escalated', 'in_progress'],
    ['on_hold', 'in_progress'],
    ['in_progress', 'on_hold'],
    ['pending', 'cancelled'],
  ] as [TaskStatus, TaskStatus][])('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['completed', 'in_progress', /final/],
    ['cancelled', 'pending', /final/],
    ['failed', 'completed', /final/],
    ['in_progress', 'pending', /can only become/],
    ['on_hold', 'completed', /can only become/],
    ['pending', 'pending', /already pending/],
  ] as [TaskStatus, TaskStatus, RegExp][])('%s → %s is refused with a reason', (from, to, reason) => {
    expect(canTransition(from, to)).toBe(false);
    try {
      assertTransition(from, to);
      throw new Error('allowed');
    } catch (error) {
      expect(error).toBeInstanceOf(OrgoError);
      expect((error as OrgoError).code).toBe('TASK.ILLEGAL_TRANSITION');
      expect((error as OrgoError).message).toMatch(reason);
      expect((error as OrgoError).details).toMatchObject({ from, to, allowed: allowedTransitions(from) });
    }
  });

  it('knows terminal states and when the escalation clock runs', () => {
    expect(TASK_STATUSES.filter(isTerminal)).toEqual(['completed', 'failed', 'cancelled']);
    expect(TASK_STATUSES.filter(clockRunning)).toEqual(['pending', 'in_progress', 'escalated']);
  });
});
