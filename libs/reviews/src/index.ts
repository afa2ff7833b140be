export * from './build-report';
export * from './find-patterns';
export * from './periods';
export * from './render-html';
export * from './review-case';
export { escapeHtml } from './svg-charts';
