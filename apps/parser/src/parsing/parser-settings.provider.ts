import type { Provider } from '@nestjs/common';
import { parserSettingsFrom } from '@orgo/config';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import { MimeParser } from './mime-parser';

/** The parser's validated settings (`config/services/parser/*.yaml`): `ParserSettings` of @orgo/config. */
export const PARSER_SETTINGS = Symbol('PARSER_SETTINGS');

/** Longest HTML converted to text and sanitized (characters). */
const MAX_HTML_LENGTH = 2_000_000;

export const parserSettingsProviders: Provider[] = [
  { provide: PARSER_SETTINGS, useFactory: (context: ServiceContext) => parserSettingsFrom(context.config.services), inject: [SERVICE_CONTEXT] },
  {
    provide: MimeParser,
    useFactory: (settings: ReturnType<typeof parserSettingsFrom>) =>
      new MimeParser({ timeoutMs: settings.parseTimeoutMs, threads: settings.parseThreads, memoryMb: settings.parseMemoryMb, maxHtmlLength: MAX_HTML_LENGTH }),
    inject: [PARSER_SETTINGS],
  },
];
