import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * One test run for the whole workspace. Inside tests, `@gavel/core` resolves to its source so that
 * every package tests against the current core without a build; the smoke tests import the built
 * bundles through the packages' `exports` in a child process instead.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@gavel\/core\/conformance$/, replacement: here('./packages/core/src/conformance/index.ts') },
      { find: /^@gavel\/core\/audit$/, replacement: here('./packages/core/src/audit/index.ts') },
      { find: /^@gavel\/core\/node$/, replacement: here('./packages/core/src/node/index.ts') },
      { find: /^@gavel\/core\/store$/, replacement: here('./packages/core/src/store/index.ts') },
      { find: /^@gavel\/core\/testing$/, replacement: here('./packages/core/src/testing/index.ts') },
      { find: /^@gavel\/core$/, replacement: here('./packages/core/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/**/*.spec.ts', 'examples/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    // CI asks for a JSON summary too, to print a plain 'N passed, N failed' line.
    ...(process.env.GAVEL_VITEST_JSON
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.GAVEL_VITEST_JSON } }
      : {}),
    hookTimeout: 60_000,
  },
});
