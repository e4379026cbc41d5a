import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const scopeConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
  { sourceTag: 'scope:funds', onlyDependOnLibsWithTags: ['scope:funds', 'scope:shared'] },
  { sourceTag: 'scope:visits', onlyDependOnLibsWithTags: ['scope:visits', 'scope:shared'] },
  { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:ops', 'scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
  { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
];

const boundaries = (typeConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [...typeConstraints, ...scopeConstraints],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/tmp/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // One import statement per module (type-only imports may stand apart).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Callback APIs (kafkajs eachMessage, jest) take async functions that may not await.
      '@typescript-eslint/require-await': 'off',
      '@nx/enforce-module-boundaries': boundaries([
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      ]),
    },
  },
  {
    // The contracts lib is shared with other systems: it must stay free of framework and driver imports.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', '@aidflow/*'] },
      ],
    },
  },
  {
    // Test code (specs, */testing/* harnesses, browser tests under e2e/, the benchmark) may also use the testing lib.
    files: [
      '**/*.spec.ts',
      '**/*.integration-spec.ts',
      '**/src/testing/**/*.ts',
      '**/e2e/**/*.ts',
      'tools/bench/**/*.ts',
    ],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'],
        },
        {
          sourceTag: 'type:lib',
          onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'],
        },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'],
        },
        {
          sourceTag: 'type:contracts',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'],
        },
      ]),
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
