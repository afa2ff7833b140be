export * from './condition';
export * from './email-dry-run';
export * from './email-facts';
export * from './evaluate';
export * from './reply-detector';
export * from './route-target-check';
export * from './rule-set';
export * from './rule-types';
