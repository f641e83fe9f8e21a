// @ts-check
// ESLint for the whole repository (npm run lint). Formatting is Prettier's job (npm run
// format:check); eslint-config-prettier, last, turns off every rule that would argue with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { webLayout } from './eslint-rules/web-layout.js';
import { workspaceBoundaries } from './eslint-rules/workspace-boundaries.js';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'data/',
    'coverage/',
    'test-results/',
    'e2e/screenshots/',
  ]),
  {
    linterOptions: {
      // A disable comment that no longer silences anything fails the lint: it is stale.
      reportUnusedDisableDirectives: 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // Each file is checked with the tsconfig.json that owns it; tests, bench and deploy are in
        // the unbuilt services/, packages/, bench/ and deploy/ tsconfig.json. Only these few files
        // at the root have none.
        projectService: {
          allowDefaultProject: ['*.ts'],
          defaultProject: 'tsconfig.check.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { souk: { rules: { 'workspace-boundaries': workspaceBoundaries } } },
    rules: {
      'souk/workspace-boundaries': 'error',
      // `_`-prefixed names are deliberately unused (a parameter a signature requires, a value
      // destructured away); everything else unused is dead code.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off: the unsafe-* family flags every use of a value typed `any`, and this code base gets
      // `any` by design from JSON.parse, `reply.json()` in tests, and YAML documents: hundreds of
      // findings that say nothing about a bug. The compiler's strict mode covers the rest.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Off: the code base builds its objects from closures and plain functions, never `this`
      // (const { t } = useI18n(), onSaved={profile.setData}); the rule cannot see that and flagged
      // about 160 destructured or passed-on methods, none of them a bug.
      '@typescript-eslint/unbound-method': 'off',
      // Off: an explicit `any` is a visible, written choice (mostly tests reading JSON replies, and
      // a few generic plumbing signatures); about 100 findings of style. The implicit kind stays
      // forbidden by the compiler's strict mode.
      '@typescript-eslint/no-explicit-any': 'off',
      // Fastify route handlers, hooks and plugins are declared async and may not await anything,
      // which Fastify expects (it waits for the returned promise): style, not bugs.
      '@typescript-eslint/require-await': 'off',
      // Async callbacks are handed to Fastify hooks, event-bus handlers and React event handlers,
      // which accept a promise; checking that void-returning positions never get one would flag
      // every onClick={async () => ...}. Floating promises stay an error (no-floating-promises).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Plain JavaScript (generators, scripts, this file): not part of any TypeScript project.
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    extends: [jsxA11y.flatConfigs.recommended],
    plugins: { 'react-hooks': reactHooks, 'souk-web': { rules: { layout: webLayout } } },
    languageOptions: { globals: globals.browser },
    // The two classic hook rules only: the React Compiler rules of the plugin's recommended set
    // (purity, refs, set-state-in-effect...) check code written for the compiler, which the app
    // does not use.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Features never import each other; app/ composes and nothing imports it (eslint-rules/web-layout.js).
      'souk-web/layout': 'error',
      // A label's text may sit three elements deep (label > span > strong > text), as in the
      // checkout's saved addresses; the default depth of 2 reported them as labels without text.
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },
  prettier,
);
