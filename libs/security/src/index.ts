export * from './audit-mac';
export * from './blind-index';
export * from './bound-key-ring';
export * from './key-ring';
export * from './load-key-ring';
export * from './seal';
