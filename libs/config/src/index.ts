export * from './load-config';
export * from './rule-files';
