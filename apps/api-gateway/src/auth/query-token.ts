import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export const ACCEPTS_QUERY_TOKEN = 'orgo:accepts-query-token';
/** Set on a request by the guard when its route takes `?access_token=`. */
const QUERY_TOKEN_ALLOWED = Symbol('orgo:query-token-allowed');

/**
 * Marks a route that also takes its access token as `?access_token=` (the Server-Sent Events
 * stream: a browser's EventSource cannot send an Authorization header). No other route does.
 */
export const AcceptsQueryToken = () => SetMetadata(ACCEPTS_QUERY_TOKEN, true);

export function allowQueryToken(request: Request): void {
  (request as Request & { [QUERY_TOKEN_ALLOWED]?: boolean })[QUERY_TOKEN_ALLOWED] = true;
}

/** The `access_token` query parameter, on routes marked @AcceptsQueryToken() only. */
export function queryTokenWhereAccepted(request: Request): string | null {
  if (!(request as Request & { [QUERY_TOKEN_ALLOWED]?: boolean })[QUERY_TOKEN_ALLOWED]) return null;
  const token = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof token === 'string' && token.length > 0 ? token : null;
}
