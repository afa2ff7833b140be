export * from './corpus-reports';
export * from './email-intake-config';
export * from './test-dovecot';
export * from './wait-for';
