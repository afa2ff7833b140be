export * from './corpus-reports';
export * from './email-intake-config';
export * from './event-stream-reader';
export * from './local-resources';
export * from './raw-database-scan';
export * from './test-dovecot';
export * from './wait-for';
