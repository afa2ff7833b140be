import type { ServiceDefinition } from '@orgo/runtime';

import { API_GATEWAY_STORAGE, ApiGatewayModule } from './api-gateway.module';
import { configureHttp } from './configure-http';

export const service: ServiceDefinition = {
  name: 'api-gateway',
  storage: API_GATEWAY_STORAGE,
  http: true,
  module: (context) => ApiGatewayModule.register(context),
  configureHttp,
};
