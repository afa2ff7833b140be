export * from './archive-entry';
export * from './archive-error';
export * from './detect-archive-kind';
export * from './folder/folder-reader';
export * from './mbox/mbox-postmark';
export * from './mbox/mbox-reader';
export * from './pst/pst-reader';
export * from './read-archive';
