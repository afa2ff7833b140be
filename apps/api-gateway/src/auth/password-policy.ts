import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface PasswordPolicy {
  minLength: number;
  /** Lowest zxcvbn score (0–4) accepted. */
  minScore: number;
}

/**
 * zxcvbn-ts (maintained successor of Dropbox's zxcvbn): estimates guesses from common and breached
 * passwords, English words, names, keyboard patterns, dates, repeats and l33t substitutions, rather
 * than counting character classes.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

const MAX_LENGTH = 1024;

/**
 * What is wrong with a password (a sentence that says what to do), or null when the policy takes it.
 * `personal` are words the password must not lean on: the email, its parts, the organization.
 */
export function passwordProblem(password: string, policy: PasswordPolicy, personal: string[] = []): string | null {
  if (password.length < policy.minLength) {
    return `The password is too short (${password.length} characters): use at least ${policy.minLength}, e.g. a few unrelated words`;
  }
  if (password.length > MAX_LENGTH) return `The password is too long: use at most ${MAX_LENGTH} characters`;
  const inputs = personal.flatMap((p) => [p, ...p.split(/[@.+_-]/)]).filter((p) => p.length >= 3);
  const result = zxcvbn.check(password, inputs);
  if (result.score >= policy.minScore) return null;
  const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.$/, '')}. ` : '';
  const suggestions = result.feedback.suggestions.length ? ` ${result.feedback.suggestions.join(' ')}` : '';
  return `The password is too easy to guess (strength ${result.score} of 4, at least ${policy.minScore} needed): ${why}Use a longer passphrase of unrelated words, not a common password, a name, a date or a keyboard pattern.${suggestions}`;
}
