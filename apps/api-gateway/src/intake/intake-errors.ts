import { HttpStatus } from '@nestjs/common';

/**
 * The web intake's error codes (OrgoError codes) and their HTTP statuses, mapped by the API's
 * exception filter. Stable: the form page shows messages by code.
 */
export const INTAKE_ERRORS = {
  /** No such organization or role, or the role takes no web reports. */
  formNotFound: 'INTAKE.FORM_NOT_FOUND',
  /** A wrong, mistyped or unknown follow-up code. */
  receiptNotFound: 'INTAKE.RECEIPT_NOT_FOUND',
  anonymousNotAllowed: 'INTAKE.ANONYMOUS_NOT_ALLOWED',
  contactRequired: 'INTAKE.CONTACT_REQUIRED',
  challengeInvalid: 'INTAKE.CHALLENGE_INVALID',
  challengeUsed: 'INTAKE.CHALLENGE_USED',
  tooLarge: 'INTAKE.TOO_LARGE',
  typeNotAllowed: 'INTAKE.TYPE_NOT_ALLOWED',
  tooManyFiles: 'INTAKE.TOO_MANY_FILES',
  /** A follow-up for a report that has not become a task (yet, or at all). */
  notATask: 'INTAKE.NOT_A_TASK',
} as const;

export const INTAKE_ERROR_STATUS: Record<string, number> = {
  [INTAKE_ERRORS.formNotFound]: HttpStatus.NOT_FOUND,
  [INTAKE_ERRORS.receiptNotFound]: HttpStatus.NOT_FOUND,
  [INTAKE_ERRORS.anonymousNotAllowed]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.contactRequired]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.challengeInvalid]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.challengeUsed]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.tooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [INTAKE_ERRORS.typeNotAllowed]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.tooManyFiles]: HttpStatus.BAD_REQUEST,
  [INTAKE_ERRORS.notATask]: HttpStatus.CONFLICT,
};
