import type { Provider } from '@nestjs/common';
import { parserSettingsFrom } from '@orgo/config';
import { MimeParser, mimeParserFor } from '@orgo/mail-parsing';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

/** The parser's validated settings (`config/services/parser/*.yaml`): `ParserSettings` of @orgo/config. */
export const PARSER_SETTINGS = Symbol('PARSER_SETTINGS');

export const parserSettingsProviders: Provider[] = [
  { provide: PARSER_SETTINGS, useFactory: (context: ServiceContext) => parserSettingsFrom(context.config.services), inject: [SERVICE_CONTEXT] },
  {
    provide: MimeParser,
    useFactory: (settings: ReturnType<typeof parserSettingsFrom>) => mimeParserFor(settings),
    inject: [PARSER_SETTINGS],
  },
];
