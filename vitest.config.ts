import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: these are correctness tests, not timing tests, and the 2 cores are shared (load averages of 13-15 seen,
    // under which the year simulation and the process-spawning tests need 20-30 s).
    // On PostgreSQL (PAPERCLUB_TEST_DATABASE_URL) every query is a round trip to the server: the long simulations
    // take about three times as long.
    testTimeout: process.env['PAPERCLUB_TEST_DATABASE_URL'] ? 180_000 : 60_000,
    hookTimeout: process.env['PAPERCLUB_TEST_DATABASE_URL'] ? 180_000 : 60_000,
    // Builds dist/ from the sources first: process tests run the compiled bot as `npm start` does.
    globalSetup: ['test/global-setup.ts'],
    // A request the bot sends that Discord's published schema refuses fails the test that sent it.
    setupFiles: ['test/stand-in-guard.ts'],
    // End-to-end tests start local stand-in servers; keep files isolated but bounded for 2-core machines. On
    // PostgreSQL a test spends much of its time waiting for the server's answers, so a third file runs meanwhile.
    pool: 'forks',
    maxWorkers: process.env['PAPERCLUB_TEST_DATABASE_URL'] ? 3 : 2,
  },
});
