import { defineConfig } from 'vitest/config';

// `vitest run` runs both projects; `vitest run --project unit` skips the cluster.
// Unit tests live next to the code (app/, shared/, renderer/). Integration tests (e2e/integration/) share
// one real test cluster started by the global setup, hence the generous timeouts.
export default defineConfig({
  test: {
    environment: 'node',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
          // Some unit tests spawn real kubectl or run property tests; 2 cores under load are slow.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['e2e/integration/**/*.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
