import { OrgoError, ValidationError } from '@orgo/domain';

import { isRetryable } from '../bus/retry-policy';
import { errorFromWire, errorToWire } from './thread-port';

/** What crosses a port: structured clone of the wire form, as postMessage does. */
const across = (error: unknown) => errorFromWire(structuredClone(errorToWire(error)));

describe('errors across a thread port', () => {
  it('rebuilds an OrgoError with its code, message, details and retryable flag', () => {
    const back = across(new OrgoError('TASK.ILLEGAL_TRANSITION', 'cannot close a closed task', { retryable: false, taskId: 't1' }));
    expect(back).toBeInstanceOf(OrgoError);
    expect(back).toMatchObject({ name: 'OrgoError', code: 'TASK.ILLEGAL_TRANSITION', message: 'cannot close a closed task', details: { retryable: false, taskId: 't1' } });
    expect(isRetryable(back)).toBe(false);
    expect(isRetryable(across(new OrgoError('DB.BUSY', 'try later')))).toBe(true);
    expect(isRetryable(across(new OrgoError('EMAIL.INVALID', 'bad')))).toBe(false);
  });

  it('rebuilds a ValidationError with its issues and its message', () => {
    const original = new ValidationError('RULES.INVALID', [{ file: 'rules.yaml', path: 'rules[0].when', expected: 'a condition', found: "'x =='" }], 'Rules are invalid');
    const back = across(original);
    expect(back).toBeInstanceOf(ValidationError);
    expect(back).toMatchObject({ code: 'RULES.INVALID', message: original.message, issues: original.issues });
  });

  it('keeps a driver error as an Error with its name and code (retryable), and any thrown value as a message', () => {
    const driver = Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
    const back = across(driver);
    expect(back).not.toBeInstanceOf(OrgoError);
    expect(back).toMatchObject({ name: 'SqliteError', message: 'database is locked', code: 'SQLITE_BUSY' });
    expect(isRetryable(back)).toBe(true);
    expect(across('plain text')).toMatchObject({ name: 'Error', message: 'plain text' });
  });

  it('carries details that cannot be cloned as JSON', () => {
    const back = across(new OrgoError('X.FAILED', 'failed', { retryable: false, run: () => 1, at: 'here' }));
    expect(back).toMatchObject({ code: 'X.FAILED', details: { retryable: false, at: 'here' } });
  });
});
