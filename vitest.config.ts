import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (the "source" export condition),
// so unit and component tests need no build. Three projects:
// - "node": packages, services and deploy tests, in parallel, on one embedded PostgreSQL;
// - "web": apps/web component tests in jsdom (apps/web/vitest.config.ts);
// - "e2e": system tests that start the built processes the way `npm start` does. They run after
//   the others (groupOrder) and one file at a time: each starts a whole platform on 2 cores.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/**/*.test.ts', 'deploy/**/*.test.ts', 'services/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['./vitest.global-setup.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      'apps/web',
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          pool: 'forks',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
