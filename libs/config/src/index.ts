export * from './email-settings-schema';
export * from './load-config';
export * from './notifier-settings-schema';
export * from './parser-settings-schema';
export * from './rule-documents';
export * from './rule-files';
