export const JWT_SECRET = Symbol('JWT_SECRET');
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 7 * 24 * 3600;
/** An enrolment token (an administrator or privacy officer without MFA yet) lives this long. */
export const ENROLMENT_TOKEN_SECONDS = 15 * 60;
