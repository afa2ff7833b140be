// ESLint: TypeScript rules plus Nx module boundaries, enforced for real (STYLE §13):
// apps never import apps; libraries never import apps; the contracts library depends on nothing;
// the domain library depends on nothing but contracts-free pure code; each service app may use the
// shared libraries only.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'scripts/**', 'jest.config.js', 'eslint.config.js', 'tmp/**', 'tests/support/*.js'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/*', '../../apps/*', 'apps/*'], message: 'Apps never import apps: move shared code to a library.' }] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts', 'libs/config/**/*.ts', 'libs/rules/**/*.ts', 'libs/notifications/**/*.ts', 'libs/privacy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'pg', 'amqp*', 'ioredis'], message: 'Pure libraries import no framework or I/O driver.' }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
