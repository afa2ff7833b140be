export * from './audit-mac';
export * from './blind-index';
export * from './bound-key-ring';
export * from './follow-up-code';
export * from './key-ring';
export * from './load-key-ring';
export * from './proof-of-work';
export * from './seal';
