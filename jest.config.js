// One Jest run over the workspace: unit specs (`*.spec.ts`) and integration specs against the real
// services (`*.int-spec.ts`) live beside the code (apps/, libs/); cross-service end-to-end suites
// live in tests/. @swc/jest compiles TypeScript with
// decorator metadata, so NestJS modules run under test exactly as they do in production.
const fs = require('node:fs');
const path = require('node:path');

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const { compilerOptions } = require('./tsconfig.base.json');
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] };
const common = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  rootDir: __dirname,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/tests/support/integration-setup.js',
      setupFilesAfterEnv: ['<rootDir>/tests/support/e2e-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/integration-setup.js',
      setupFilesAfterEnv: ['<rootDir>/tests/support/e2e-setup.ts'],
    },
  ],
};
