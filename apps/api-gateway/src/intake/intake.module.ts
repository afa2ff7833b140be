import { type DynamicModule, Module } from '@nestjs/common';
import { MemoryCache } from '@orgo/cache';
import { parserSettingsFrom } from '@orgo/config';
import { KEY_RING, type ServiceContext } from '@orgo/runtime';
import type { KeyRing } from '@orgo/security';

import { RpcClient } from '../common/rpc-client';
import { ChallengeService, INTAKE_CACHE } from './challenge.service';
import { IntakeController } from './intake.controller';
import { IntakeFormsService } from './intake-forms.service';
import { INTAKE_KEYS, intakeKeys } from './intake-keys';
import { IntakeRateLimitGuard } from './intake-rate-limit.guard';
import { INTAKE_SETTINGS, intakeSettings } from './intake-settings';
import { IntakeSubmissionService } from './intake-submission.service';
import { IntakeUploadInterceptor, UPLOAD_CEILING } from './intake-upload.interceptor';
import { IntakeReceiptsService } from './receipts/intake-receipts.service';
import { ReportStatusService } from './report-status.service';

/** The public web intake: forms per role, reports as emails, follow-up codes (SPEC §6 Mail hygiene). */
@Module({})
export class IntakeModule {
  static register(context: ServiceContext): DynamicModule {
    const settings = intakeSettings(context.config.services['api-gateway']);
    const parser = parserSettingsFrom(context.config.services);
    // Multer stops a file only past the largest sum any form takes; the form's own limits answer the rest precisely.
    const largest = Math.max(0, ...context.config.organizations.map((o) => o.intake?.webForm?.maxTotalBytes ?? 0));
    return {
      module: IntakeModule,
      controllers: [IntakeController],
      providers: [
        { provide: INTAKE_CACHE, useValue: context.cache ?? new MemoryCache({ namespace: context.service }) },
        { provide: INTAKE_KEYS, useFactory: (ring: KeyRing) => intakeKeys(ring), inject: [KEY_RING] },
        { provide: INTAKE_SETTINGS, useValue: settings },
        { provide: UPLOAD_CEILING, useValue: { fileBytes: Math.max(1, Math.min(largest, parser.maxMessageBytes)), files: settings.maxFiles } },
        ChallengeService,
        IntakeFormsService,
        IntakeRateLimitGuard,
        IntakeReceiptsService,
        IntakeSubmissionService,
        IntakeUploadInterceptor,
        ReportStatusService,
        RpcClient,
      ],
    };
  }
}
