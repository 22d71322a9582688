import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ from the sources first: process tests run the compiled bot as `npm start` does.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end tests start local stand-in servers; keep files isolated but bounded for 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
