import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Four projects so each kind of test gets the environment it needs and `npm run test:unit` stays
// fast and self-contained: unit = pure modules in Node (no database, port or sandbox); component =
// React components in happy-dom; backend = anything that opens a database, a port or the sandbox
// (SQLite and the throwaway PostgreSQL cluster of test/setup/postgres.ts); e2e = real browsers.
export default defineConfig({
  resolve: { alias: { '@': root.replace(/\/$/, '') } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'backend',
          environment: 'node',
          include: ['test/backend/**/*.test.ts'],
          globalSetup: ['test/setup/postgres.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['test/component/**/*.test.tsx', 'test/component/**/*.test.ts'],
          setupFiles: ['test/setup/component.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
