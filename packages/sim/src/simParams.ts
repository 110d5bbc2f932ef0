import { createPrng } from './prng';

/** The parameters of one simulated run: everything else is drawn from `seed`. */
export interface SimParams {
  /** The seed of every draw of the run. */
  readonly seed: number;
  /** Processes, each running a service, a closer and two processors on the one store (2 to 3). */
  readonly instances: number;
  /** Auctions opened (1 to 6). */
  readonly auctions: number;
  /** Bidders (2 to 6). */
  readonly bidders: number;
  /** Bids and other commands sent by clients (0 to 60). */
  readonly commands: number;
  /** How often store faults strike, in percent of the most (0 to 100). */
  readonly faultPercent: number;
  /** Process crashes, each followed by a restart (0 to 3). */
  readonly crashes: number;
  /** Forward jumps of the wall clock (0 to 3). */
  readonly clockJumps: number;
  /** Feed clients' disconnections, each followed by a resume (0 to 4). */
  readonly disconnects: number;
}

/** The bounds of each parameter, inclusive. */
export const PARAM_BOUNDS = {
  instances: [2, 3],
  auctions: [1, 6],
  bidders: [2, 6],
  commands: [0, 60],
  faultPercent: [0, 100],
  crashes: [0, 3],
  clockJumps: [0, 3],
  disconnects: [0, 4],
} as const satisfies Record<Exclude<keyof SimParams, 'seed'>, readonly [number, number]>;

/** The run of a seed: its parameters drawn from the seed itself, so that `--seed` alone replays it. */
export const paramsOfSeed = (seed: number): SimParams => {
  const prng = createPrng(seed).fork('params');
  const draw = ([min, max]: readonly [number, number]): number => prng.int(min, max);
  return {
    seed,
    instances: draw(PARAM_BOUNDS.instances),
    auctions: draw(PARAM_BOUNDS.auctions),
    bidders: draw(PARAM_BOUNDS.bidders),
    commands: prng.int(10, PARAM_BOUNDS.commands[1]),
    faultPercent: prng.chance(0.15) ? 0 : prng.int(20, 100),
    crashes: draw(PARAM_BOUNDS.crashes),
    clockJumps: draw(PARAM_BOUNDS.clockJumps),
    disconnects: prng.int(1, PARAM_BOUNDS.disconnects[1]),
  };
};

/** The parameters in one line, as `--params` takes them back. */
export const paramsText = (params: SimParams): string => JSON.stringify(params);
