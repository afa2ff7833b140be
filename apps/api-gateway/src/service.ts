import type { ServiceDefinition } from '@orgo/runtime';

import { ApiGatewayModule } from './api-gateway.module';
import { configureHttp } from './configure-http';

export const service: ServiceDefinition = {
  name: 'api-gateway',
  http: true,
  module: (context) => ApiGatewayModule.register(context),
  configureHttp,
};
