import type { ServiceDefinition } from '@orgo/runtime';

import { EmailGatewayModule } from './email-gateway.module';

export const service: ServiceDefinition = {
  name: 'email-gateway',
  http: false,
  module: (context) => EmailGatewayModule.register(context),
};
