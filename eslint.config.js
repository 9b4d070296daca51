// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/schema/**', '**/.turbo/**', '**/*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Past four, arguments are passed by position and mixed up: take an options object instead.
      'max-params': ['error', 4],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        // esbuild tree-shakes `import * as z from 'zod'` down to the parts used, but not zod's re-exported `z`
        // object, which drags all of zod (~100 KB) into the GitHub Action's bundle and its start-up.
        {
          selector:
            "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: "Use import * as z from 'zod' (tree-shakeable).",
        },
      ],
    },
  },
  {
    // Data sets are tables written as positional builder calls, like test rows.
    files: ['**/datasets/**'],
    rules: { 'max-params': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/test/**', '**/bench/**', '**/scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Table-driven tests spread a row into named parameters.
      'max-params': 'off',
    },
  },
);
