// Mutation testing of the rules and the command service: `pnpm mutation` (about forty minutes on two
// cores). See docs/testing.md for the scores and the mutants that survive. Restrict a run with
// `pnpm mutation --mutate 'packages/core/src/money/**/*.ts'`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Every fast-check property takes its seed from this one (see packages/core/test/fastCheckSeed.ts), so
// that a mutant's fate can be replayed: GAVEL_FC_SEED=<seed> pnpm vitest run <spec>.
process.env.GAVEL_FC_SEED ??= '20261201';
// A mutation run runs the tests once per mutant: each property makes a fifth of its runs.
process.env.GAVEL_FC_RUNS_SCALE ??= '0.2';

// Reports go under reports/mutation/ (git-ignored), named by GAVEL_MUTATION_REPORT ('mutation' by
// default), so that a restricted run does not overwrite the full one.
const report = `reports/mutation/${process.env.GAVEL_MUTATION_REPORT ?? 'mutation'}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  // Under pnpm the plugins are not found by name from Stryker's own folder: name them by path.
  plugins: [
    require.resolve('@stryker-mutator/vitest-runner'),
    require.resolve('@stryker-mutator/typescript-checker'),
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'packages/core/test/vitest.mutation.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'packages/core/test/tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'packages/core/src/auction/**/*.ts',
    'packages/core/src/money/**/*.ts',
    'packages/core/src/commandHandling/**/*.ts',
    '!**/*.spec.ts',
    // Types only, or test fixtures: nothing to mutate.
    '!packages/core/src/auction/commands.ts',
    '!packages/core/src/auction/events.ts',
    '!packages/core/src/commandHandling/commandFixtures.ts',
  ],
  // The sandbox needs the root configs and core; the other packages, examples and docs stay out of it.
  ignorePatterns: [
    '/examples',
    '/docs',
    '/packages/adapters',
    '/packages/websocket',
    '/packages/cli',
    '/reports',
    'dist',
    'coverage',
    '.tmp',
    '/.stryker-tmp*',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Every test runs in well under a second: 10 s only stops a mutant that loops for ever.
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: `${report}-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // A drop below `break` fails the run (exit code 1).
  thresholds: { high: 95, low: 85, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
