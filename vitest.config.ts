// Unit tests: pure logic only (crypto core, console feature logic), in Node.
// Playwright specs live in e2e/ and run with `playwright test`, never here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
