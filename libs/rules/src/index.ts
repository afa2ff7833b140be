export * from './condition';
export * from './evaluate';
export * from './rule-set';
export * from './rule-types';
