/**
 * Test-only: reproducible fast-check runs. Every property of a test file takes its seed from one base
 * seed, `GAVEL_FC_SEED` when set (the mutation run sets it, so that a mutant's fate can be replayed)
 * or a random one, mixed with the test's name so that two properties do not draw the same cases. When a
 * test fails, the base seed is printed: `GAVEL_FC_SEED=<seed> pnpm vitest run <file>` replays it.
 */
import { expect, onTestFailed } from 'vitest';

const fromEnvironment = process.env.GAVEL_FC_SEED;
const scaleFromEnvironment = Number(process.env.GAVEL_FC_RUNS_SCALE ?? '1');

/**
 * How many of each property's runs to make: `GAVEL_FC_RUNS_SCALE` (a mutation run makes fewer, since
 * it runs the tests once per mutant), 1 otherwise.
 */
export const FC_RUNS_SCALE: number =
  Number.isFinite(scaleFromEnvironment) && scaleFromEnvironment > 0 ? scaleFromEnvironment : 1;

/** The base seed of this test process. */
export const FC_SEED: number =
  fromEnvironment !== undefined && /^-?\d+$/.test(fromEnvironment)
    ? Number(fromEnvironment) | 0
    : (Math.random() * 0x1_0000_0000) | 0;

/** FNV-1a of a string, as a 32-bit integer. */
const hash = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
};

/**
 * The parameters of one property run inside a test: `numRuns` (times {@link FC_RUNS_SCALE}, unless
 * `scaled` is false) and a seed derived from {@link FC_SEED} and the test's name. On failure the test
 * prints how to replay it.
 */
export const seeded = (numRuns: number, scaled = true): { numRuns: number; seed: number } => {
  const name = expect.getState().currentTestName ?? '';
  const seed = (FC_SEED ^ hash(name)) | 0;
  onTestFailed(() => {
    console.error(`fast-check: GAVEL_FC_SEED=${FC_SEED} replays this run (seed ${seed} for '${name}')`);
  });
  return { numRuns: scaled ? Math.max(1, Math.round(numRuns * FC_RUNS_SCALE)) : numRuns, seed };
};
