export * from './choose-mailbox';
export * from './keywords.util';
export * from './mail-flags.util';
export * from './mime-parse-result';
export * from './mime-parser';
export * from './normalize-email';
export * from './parse-raw-email';
export * from './safe-file-name.util';
