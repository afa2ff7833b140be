import { OrgoError } from '@orgo/domain';

/** The answers of a refused sign-in, with stable codes (mapped to HTTP statuses in the exception filter). */
export const signInErrors = {
  wrongCredentials: () => new OrgoError('AUTH.INVALID_CREDENTIALS', 'Wrong email or password'),
  locked: (seconds: number) =>
    new OrgoError('AUTH.LOCKED', `Too many failed sign-ins for this account: wait ${seconds} s before trying again (each further failure doubles the wait)`, {
      retry_after_seconds: seconds,
    }),
  disabled: () => new OrgoError('AUTH.USER_DISABLED', 'This account is disabled: ask an administrator to enable it'),
  otpRequired: () =>
    new OrgoError('AUTH.OTP_REQUIRED', 'This account signs in with a one-time code: send "otp" with the current code from your authenticator app (or a recovery code)'),
  otpInvalid: () =>
    new OrgoError('AUTH.OTP_INVALID', 'The one-time code is wrong, expired or used already: wait for the next code of your authenticator app, or use an unused recovery code'),
  enrolmentRequired: (enrolmentToken: string) =>
    new OrgoError(
      'AUTH.MFA_ENROLMENT_REQUIRED',
      'Administrators and privacy officers must enrol MFA before signing in: with the enrolment_token as bearer token, POST /api/v1/auth/mfa/enroll, add the secret to an authenticator app, then POST /api/v1/auth/mfa/confirm {"otp": "<code>"} to get your tokens and recovery codes',
      { enrolment_token: enrolmentToken, enroll: 'POST /api/v1/auth/mfa/enroll', confirm: 'POST /api/v1/auth/mfa/confirm' },
    ),
  refreshInvalid: () => new OrgoError('AUTH.REFRESH_TOKEN_INVALID', 'The refresh token is invalid or expired: sign in again'),
  refreshReused: () =>
    new OrgoError(
      'AUTH.REFRESH_TOKEN_REUSED',
      'This refresh token was used already, so a copy of it may be in someone else’s hands: every token of its sign-in is revoked now; sign in again',
    ),
  sessionEnded: () => new OrgoError('AUTH.SESSION_ENDED', 'This sign-in has ended (logged out or revoked): sign in again'),
};
