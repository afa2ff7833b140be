import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a bus handler's error back to the bus unchanged. Nest's default RPC filter replaces every
 * error with `{ status: 'error', message: 'Internal server error' }`, which would lose what the bus
 * decides on: an OrgoError's code and its `retryable` flag (retry with delays, or dead-letter now).
 * Registered as a global filter of the bus transport only (see `startService`), never of HTTP.
 */
@Catch()
export class PropagateBusErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
