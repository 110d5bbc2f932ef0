import { describe, expect, it } from 'vitest';
import { runSimulation } from './runSimulation';
import { paramsOfSeed } from './simParams';

describe('runSimulation', () => {
  it('replays a seed exactly: two runs of one seed give the same trace hash, steps and outcome', async () => {
    const [first, second] = [await runSimulation(paramsOfSeed(11)), await runSimulation(paramsOfSeed(11))];
    expect(second).toEqual(first);
    expect(first.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.steps).toBeGreaterThan(100);
  });

  it('gives other seeds other traces', async () => {
    const hashes = new Set<string>();
    for (const seed of [1, 2, 3, 4]) hashes.add((await runSimulation(paramsOfSeed(seed))).traceHash);
    expect(hashes.size).toBe(4);
  });

  it('draws each run from its seed: the same parameters for one seed, within their bounds', () => {
    expect(paramsOfSeed(5)).toEqual(paramsOfSeed(5));
    for (let seed = 0; seed < 200; seed++) {
      const params = paramsOfSeed(seed);
      expect(params.instances).toBeGreaterThanOrEqual(2);
      expect(params.auctions).toBeGreaterThanOrEqual(1);
      expect(params.bidders).toBeGreaterThanOrEqual(2);
    }
  });
});
