import fc from 'fast-check';
import { runSimulation, type SimResult } from './runSimulation';
import { PARAM_BOUNDS, type SimParams } from './simParams';

/** The smallest failing run fast-check found, and how many smaller runs it tried. */
export interface ShrunkFailure {
  readonly result: SimResult;
  readonly tries: number;
}

/**
 * Shrinks a failing run with fast-check: the seed stays, and every other parameter (processes,
 * auctions, bidders, commands, fault rate, crashes, clock jumps, disconnections) may only go down, each
 * towards its lower bound; fast-check keeps the smallest parameters that still break an invariant.
 * Each draw of a run comes from its own stream of the seed, so a smaller run keeps most of the rest.
 * @param timeLimitMs - stop shrinking after this long, with the smallest failure found so far
 */
export const shrinkFailure = async (failed: SimResult, timeLimitMs = 60_000): Promise<ShrunkFailure> => {
  const params = failed.params;
  const down = (key: keyof typeof PARAM_BOUNDS) =>
    fc.integer({ min: PARAM_BOUNDS[key][0], max: Math.max(PARAM_BOUNDS[key][0], params[key]) });
  const smaller = fc.record({
    seed: fc.constant(params.seed),
    instances: down('instances'),
    auctions: down('auctions'),
    bidders: down('bidders'),
    commands: down('commands'),
    faultPercent: down('faultPercent'),
    crashes: down('crashes'),
    clockJumps: down('clockJumps'),
    disconnects: down('disconnects'),
  });
  let smallest = failed;
  let tries = 0;
  await fc.check(
    fc.asyncProperty(smaller, async (candidate: SimParams) => {
      tries++;
      const result = await runSimulation(candidate);
      if (result.violation === undefined) return true;
      smallest = result;
      return false;
    }),
    { examples: [[params]], numRuns: 1, seed: params.seed, interruptAfterTimeLimit: timeLimitMs },
  );
  return { result: smallest, tries };
};
