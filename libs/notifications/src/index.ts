export { audienceFor, type NotificationScope, quietHoursProblem } from '@orgo/domain';
export * from './attachment-links';
export * from './check-templates';
export * from './delivery-time';
export * from './notification-context';
export * from './preferences';
export * from './retry-delay';
export { SAMPLE_CONTEXTS } from './sample-contexts';
export { BUILTIN_TEMPLATES, TemplateRenderer, templateName } from './template-renderer';
