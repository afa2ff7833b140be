import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import type { AuthUser } from '../../auth/auth-user';
import { SIGN_IN_ATTEMPT } from '../../auth/sign-in-route.decorators';
import type { SecuritySettings } from '../../auth/security-settings';

/** Paths never limited: probes, metrics, the OpenAPI document and the long-lived event stream. */
const UNLIMITED = [/^\/health(\/|$)/, /^\/metrics(\/|$)/, /^\/api\/docs/, /^\/api\/v1\/events\/stream(\/|$)/];

const MINUTE_MS = 60_000;

/** The three limits (SPEC §7): per address on every route, per signed-in user, and sign-in attempts per address. */
export function throttlers(settings: SecuritySettings): ThrottlerOptions[] {
  const ip = (req: Record<string, unknown>) => `ip:${(req as unknown as Request).ip ?? 'unknown'}`;
  return [
    { name: 'ip', limit: settings.rateLimits.ipPerMinute, ttl: MINUTE_MS, getTracker: ip },
    { name: 'user', limit: settings.rateLimits.userPerMinute, ttl: MINUTE_MS, getTracker: (req) => `user:${(req.user as AuthUser | undefined)?.id}` },
    { name: 'sign_in', limit: settings.rateLimits.signInPerMinute, ttl: MINUTE_MS, getTracker: ip },
  ];
}

/**
 * @nestjs/throttler's guard, run after the token check (so a user is known): the user limit only for
 * a signed-in caller, the sign-in limit only on routes marked @SignInAttempt(); counts are per
 * address or user across all routes. Past a limit: 429 with Retry-After and the usual error body.
 */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const path = context.switchToHttp().getRequest<Request>().path;
    return UNLIMITED.some((pattern) => pattern.test(path));
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, throttler } = request;
    if (throttler.name === 'user' && !context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user) return true;
    if (throttler.name === 'sign_in' && !this.reflector.getAllAndOverride<boolean>(SIGN_IN_ATTEMPT, [context.getHandler(), context.getClass()])) return true;
    return super.handleRequest({ ...request, generateKey: (_context, tracker, name) => `${name}:${tracker}` });
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    const who = detail.tracker.startsWith('user:') ? 'this user' : 'this address';
    throw new ThrottlerException(`Too many requests from ${who} (at most ${detail.limit} a minute): wait ${seconds} s and try again`);
  }
}
