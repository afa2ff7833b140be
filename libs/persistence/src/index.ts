export * from './create-data-source';
export * from './database-options';
export * from './time';
export * from './transaction-runner';
export * from './insert-rows';
export * from './unique-violation';
export * from './row-lock';
export * from './in-batches';
