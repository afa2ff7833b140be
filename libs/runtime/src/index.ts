export * from './logger';
export * from './service-context';
export * from './service-definition';
export * from './service-runtime';
export * from './service-runtime.module';
export * from './nest-logger';
export * from './service-metrics';
export * from './message-batcher';
