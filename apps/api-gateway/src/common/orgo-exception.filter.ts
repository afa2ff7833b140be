import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { OrgoError } from '@orgo/domain';
import { LOGGER } from '@orgo/runtime';
import type { Response } from 'express';
import type { Logger } from 'pino';

import { INTAKE_ERROR_STATUS } from '../intake/intake-errors';

/** Stable error codes mapped once to HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  'TASK.NOT_FOUND': HttpStatus.NOT_FOUND,
  'ATTACHMENT.NOT_FOUND': HttpStatus.NOT_FOUND,
  'ORGANIZATION.NOT_FOUND': HttpStatus.NOT_FOUND,
  'DLQ.NOT_FOUND': HttpStatus.NOT_FOUND,
  'REVIEW.NOT_FOUND': HttpStatus.NOT_FOUND,
  'REVIEW.INVALID': HttpStatus.BAD_REQUEST,
  'QUARANTINE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'NOTIFICATION.PERSON_NOT_FOUND': HttpStatus.NOT_FOUND,
  'QUARANTINE.ALREADY_REPLAYED': HttpStatus.CONFLICT,
  'QUARANTINE.NOT_REPLAYABLE': HttpStatus.CONFLICT,
  'TASK.ILLEGAL_TRANSITION': HttpStatus.CONFLICT,
  'USER.EXISTS': HttpStatus.CONFLICT,
  'TASK.UNKNOWN_POSITION': HttpStatus.CONFLICT,
  'TASK.CLOSED': HttpStatus.CONFLICT,
  'TASK.TOP_OF_CHAIN': HttpStatus.CONFLICT,
  'TASK.MERGE_SELF': HttpStatus.CONFLICT,
  'TASK.MERGE_OTHER_ORGANIZATION': HttpStatus.CONFLICT,
  'TASK.MERGE_ALREADY_MERGED': HttpStatus.CONFLICT,
  'TASK.MERGE_DUPLICATE_CLOSED': HttpStatus.CONFLICT,
  'TASK.MERGE_CHAIN': HttpStatus.CONFLICT,
  'TASK.MERGE_TARGET_CLOSED': HttpStatus.CONFLICT,
  'TASK.MERGE_SENSITIVITY': HttpStatus.CONFLICT,
  'PRIVACY.NOT_SENSITIVE': HttpStatus.CONFLICT,
  'PRIVACY.UNKNOWN_PSEUDONYM': HttpStatus.NOT_FOUND,
  'TASK.INVALID_STATUS': HttpStatus.BAD_REQUEST,
  'RPC.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'RPC.TIMEOUT': HttpStatus.SERVICE_UNAVAILABLE,
  'USER.NOT_FOUND': HttpStatus.NOT_FOUND,
  'USER.SELF': HttpStatus.CONFLICT,
  'AUTH.INVALID_CREDENTIALS': HttpStatus.UNAUTHORIZED,
  'AUTH.USER_DISABLED': HttpStatus.UNAUTHORIZED,
  'AUTH.USER_GONE': HttpStatus.UNAUTHORIZED,
  'AUTH.OTP_REQUIRED': HttpStatus.UNAUTHORIZED,
  'AUTH.OTP_INVALID': HttpStatus.UNAUTHORIZED,
  'AUTH.REFRESH_TOKEN_INVALID': HttpStatus.UNAUTHORIZED,
  'AUTH.REFRESH_TOKEN_REUSED': HttpStatus.UNAUTHORIZED,
  'AUTH.SESSION_ENDED': HttpStatus.UNAUTHORIZED,
  'AUTH.MFA_ENROLMENT_REQUIRED': HttpStatus.FORBIDDEN,
  'AUTH.MFA_REQUIRED': HttpStatus.FORBIDDEN,
  'QUARANTINE.ADMIN_ONLY': HttpStatus.FORBIDDEN,
  'AUTH.MFA_ALREADY_ENROLLED': HttpStatus.CONFLICT,
  'AUTH.MFA_NOT_STARTED': HttpStatus.CONFLICT,
  'AUTH.MFA_NOT_ENROLLED': HttpStatus.CONFLICT,
  'AUTH.LOCKED': HttpStatus.TOO_MANY_REQUESTS,
  ...INTAKE_ERROR_STATUS,
};

/**
 * Every error leaves the API as `{ statusCode, error, message, details? }` (SPEC §7): no stack
 * traces; unexpected errors are logged with their stack and answered with a plain 500.
 */
@Catch()
export class OrgoExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Something went wrong on our side; the error was logged';
    let details: unknown;
    if (exception instanceof OrgoError) {
      status = STATUS_BY_CODE[exception.code] ?? HttpStatus.BAD_REQUEST;
      message = exception.message;
      details = { code: exception.code, ...(exception.details ?? {}) };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse() as string | { message?: string | string[] };
      const raw = typeof body === 'string' ? body : body.message;
      if (Array.isArray(raw)) {
        message = `Invalid request: ${raw.join('; ')}`;
        details = { problems: raw };
      } else {
        message = raw ?? exception.message;
      }
    } else if (isClientError(exception)) {
      // The body parser's own errors (http-errors): a body too large or not JSON is the client's doing.
      status = exception.status;
      message = exception.type === 'entity.too.large' ? `The request body is larger than this route takes (${exception.limit} bytes)` : exception.message;
      if (exception.type) details = { type: exception.type };
    } else {
      this.logger.error({ err: exception }, 'unhandled API error');
    }
    if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', '5');
    const retryAfter = (details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
    if (status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json({
      statusCode: status,
      error: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()) ?? 'Error',
      message,
      ...(details !== undefined ? { details } : {}),
    });
  }
}

/** An http-errors error meant for the client (`expose`), as the body parser throws: 413, 400, 415. */
function isClientError(error: unknown): error is Error & { status: number; type?: string; limit?: number } {
  const e = error as { expose?: unknown; status?: unknown };
  return e instanceof Error && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
