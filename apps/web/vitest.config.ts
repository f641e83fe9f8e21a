import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// The web project of the root vitest config: component tests in a simulated browser (jsdom).
export default defineProject({
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    // Whole screens driven through user-event, beside the node project on 2 cores: a few seconds
    // each under that load, more than vitest's 5 s default allows.
    testTimeout: 20_000,
  },
});
