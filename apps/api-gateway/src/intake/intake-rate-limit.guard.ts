import { createHmac } from 'node:crypto';

import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import { INTAKE_KEYS, type IntakeKeys } from './intake-keys';
import { INTAKE_SETTINGS, type IntakeSettings } from './intake-settings';

export type IntakeBucket = 'submissions' | 'lookups';
const BUCKET = 'orgo:intake-bucket';

/** Which per-address limit of the intake a route counts against. */
export const IntakeLimit = (bucket: IntakeBucket) => SetMetadata(BUCKET, bucket);

const MINUTE_MS = 60_000;

/**
 * Per-address limits of the public intake routes, on top of the API's own: reports and follow-ups
 * (`intake.submissions_per_minute`), form and status look-ups (`intake.lookups_per_minute`).
 * Counted in the API's rate-limit storage (Redis in the distributed shape, so replicas share the
 * counts) under a keyed hash of the address: the address itself is stored nowhere. Past a limit:
 * 429 with Retry-After.
 */
@Injectable()
export class IntakeRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(INTAKE_SETTINGS) private readonly settings: IntakeSettings,
    @Inject(INTAKE_KEYS) private readonly keys: IntakeKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<IntakeBucket | undefined>(BUCKET, context.getHandler());
    if (!bucket) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const limit = bucket === 'submissions' ? this.settings.submissionsPerMinute : this.settings.lookupsPerMinute;
    const tracker = createHmac('sha256', this.keys.address).update(req.ip ?? 'unknown').digest('hex').slice(0, 32);
    const record = await this.storage.increment(`intake_${bucket}:${tracker}`, MINUTE_MS, limit, MINUTE_MS, `intake_${bucket}`);
    if (!record.isBlocked) return true;
    const seconds = Math.max(1, record.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    const what = bucket === 'submissions' ? 'reports from this address' : 'look-ups from this address';
    throw new ThrottlerException(`Too many ${what} (at most ${limit} a minute): wait ${seconds} s and try again`);
  }
}
