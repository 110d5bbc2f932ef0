/**
 * The test run of a mutation run (`pnpm mutation`): the workspace's vitest config, limited to the unit
 * tests of the mutated folders and of the test kit (the other tiers need databases, sockets or builds,
 * and the other folders' tests are not the ones that pin the rules).
 */
import { defineConfig } from 'vitest/config';
import workspace from '../../../vitest.config';

export default defineConfig({
  ...workspace,
  test: {
    ...workspace.test,
    include: [
      'packages/core/src/{auction,money,commandHandling,testing}/**/*.unit.spec.ts',
      'packages/core/test/**/*.unit.spec.ts',
    ],
  },
});
