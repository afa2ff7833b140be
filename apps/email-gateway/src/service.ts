import type { ServiceDefinition } from '@orgo/runtime';

import { EMAIL_GATEWAY_STORAGE, EmailGatewayModule } from './email-gateway.module';

export const service: ServiceDefinition = {
  name: 'email-gateway',
  storage: EMAIL_GATEWAY_STORAGE,
  http: false,
  module: (context) => EmailGatewayModule.register(context),
};
