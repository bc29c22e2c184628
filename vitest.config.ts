// Unit and integration tests in Node: the crypto core, the CLI and the node (as real
// processes where the test says so), and console feature logic.
// Playwright specs live in e2e/ and run with `playwright test`, never here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
