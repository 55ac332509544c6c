import { defineConfig } from 'vitest/config';

/**
 * Two projects: unit tests (no database) and integration tests (one real Neo4j per run, provisioned
 * by test/global-setup.ts). `npm test` runs both; `npm run test:matrix` (what CI runs) runs the unit
 * tests once and the integration tests on the oldest and the newest supported Neo4j.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
