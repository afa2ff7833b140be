import { SetMetadata } from '@nestjs/common';

export const SIGN_IN_ATTEMPT = 'orgo:sign-in-attempt';
export const ALLOWS_ENROLMENT_TOKEN = 'orgo:allows-enrolment-token';

/** A route that tries credentials (login, refresh, a code): the tight per-address sign-in limit applies. */
export const SignInAttempt = () => SetMetadata(SIGN_IN_ATTEMPT, true);

/** A route an enrolment token may call (MFA enrolment); every other route refuses such a token. */
export const AllowsEnrolmentToken = () => SetMetadata(ALLOWS_ENROLMENT_TOKEN, true);
