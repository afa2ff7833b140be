export * from './cache-keys';
export * from './cache-metrics';
export * from './cached-model.registry';
export * from './memory-cache';
export * from './organization-sources';
export * from './redis-cache';
export * from './shared-cache';
