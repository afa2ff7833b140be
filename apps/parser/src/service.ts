import { QUEUES } from '@orgo/contracts';
import type { ServiceDefinition } from '@orgo/runtime';

import { PARSER_STORAGE, ParserModule } from './parser.module';

export const service: ServiceDefinition = {
  name: 'parser',
  storage: PARSER_STORAGE,
  http: false,
  consumes: { queue: QUEUES.parser, prefetch: 64 },
  module: (context) => ParserModule.register(context),
};
