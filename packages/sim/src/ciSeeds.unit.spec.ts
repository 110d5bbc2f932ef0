import { describe, expect, it } from 'vitest';
import { runSimulation } from './runSimulation';
import { paramsOfSeed, paramsText } from './simParams';

/** The seeds CI runs on every change (about 15 s on two cores); `pnpm sim --runs 10000` is the long run. */
const CI_SEEDS = Array.from({ length: 60 }, (_, i) => 1 + i);

describe('the simulation on the CI seeds', () => {
  it.each(CI_SEEDS)('holds every invariant with seed %i', async (seed) => {
    const result = await runSimulation(paramsOfSeed(seed));
    const violation = result.violation;
    expect(
      violation === undefined
        ? null
        : `${violation.invariant} at step ${violation.step}: ${violation.message} (pnpm sim --params '${paramsText(result.params)}')`,
    ).toBeNull();
  });
});
