import { passwordProblem } from './password-policy';

const policy = { minLength: 12, minScore: 3 };

describe('passwordProblem', () => {
  it('takes long passphrases, including the ones the tests and the acceptance runner use', () => {
    for (const password of ['Correct-Horse-Battery-9', 'Acc3ptance-Check-2026!', 'Riverside-Holder-2026', 'lantern orbit velvet cactus']) {
      expect(passwordProblem(password, policy)).toBeNull();
    }
  });

  it('refuses short passwords, saying how long', () => {
    expect(passwordProblem('Xk9#vb', policy)).toMatch(/too short \(6 characters\): use at least 12/);
  });

  it('refuses common, breached-style and patterned passwords however long', () => {
    for (const password of ['Password1234', 'qwertyuiop12', 'aaaaaaaaaaaaaaaa', '123456789012']) {
      expect(passwordProblem(password, policy)).toMatch(/too easy to guess .*passphrase/);
    }
  });

  it('refuses a password built on the person’s own email', () => {
    expect(passwordProblem('Riverside2026!', policy)).toBeNull();
    expect(passwordProblem('Riverside2026!', policy, ['hana@riverside.example'])).toMatch(/too easy to guess .*personal/);
  });
});
