import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (the "source" export condition),
// so unit and component tests need no build. System tests in e2e/ start the built processes.
// Two projects: "node" (packages, services, deploy, e2e; one embedded PostgreSQL for the run) and
// "web" (apps/web component tests in jsdom, configured in apps/web/vitest.config.ts).
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
          include: ['packages/**/*.test.ts', 'deploy/**/*.test.ts', 'services/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['./vitest.global-setup.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      'apps/web',
    ],
  },
});
