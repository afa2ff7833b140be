import type { Provider } from '@nestjs/common';
import { notifierSettingsFrom } from '@orgo/config';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

export const NOTIFIER_SETTINGS = Symbol('NOTIFIER_SETTINGS');

/** The validated `config/services/notifier/*.yaml` (with the environment's overrides and secrets). */
export const notifierSettingsProvider: Provider = {
  provide: NOTIFIER_SETTINGS,
  useFactory: (context: ServiceContext) => notifierSettingsFrom(context.config, context.env),
  inject: [SERVICE_CONTEXT],
};
