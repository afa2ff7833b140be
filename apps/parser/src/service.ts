import type { ServiceDefinition } from '@orgo/runtime';

import { ParserModule } from './parser.module';

export const service: ServiceDefinition = {
  name: 'parser',
  http: false,
  module: (context) => ParserModule.register(context),
};
