/**
 * Cost per bid of `decide` + `evolve` (what a command handler does for each bid once the state is
 * loaded), with `decide` alone and `evolve` alone beside it.
 * Run: `pnpm --filter @gavel/core bench` (or `node --import tsx bench/decide.bench.ts`).
 */
import { type AuctionEvent, type AuctionState, decide, evolve, fold } from '../src/index';
import { bidStream } from './bidStream';
import { grouped, type Measurement, measure } from './measure';

const BIDS = 100_000;
const { events, commands, statesBefore } = bidStream(BIDS, true);
const opened = fold(events.slice(0, 1));
const bidEvents = events.slice(1);

const decideAndEvolve = (): AuctionState => {
  let state = opened;
  for (let i = 0; i < commands.length; i++) {
    const decision = decide(commands[i] as (typeof commands)[number], state, i + 1);
    if (!decision.ok) throw new Error(decision.code);
    for (const event of decision.events) state = evolve(state, event);
  }
  return state;
};

const decideOnly = (): number => {
  let accepted = 0;
  for (let i = 0; i < commands.length; i++) {
    if (decide(commands[i] as (typeof commands)[number], statesBefore[i] as AuctionState, i + 1).ok)
      accepted++;
  }
  return accepted;
};

const evolveOnly = (): number => {
  let price = 0;
  for (let i = 0; i < bidEvents.length; i++)
    price += evolve(statesBefore[i] as AuctionState, bidEvents[i] as AuctionEvent).price ?? 0;
  return price;
};

const options = { unitsPerRun: BIDS, runsPerSample: 2, warmupSamples: 2, samples: 9 };
const rows: [string, Measurement][] = [
  ['`decide` + `evolve` per bid', measure(decideAndEvolve, options)],
  ['`decide` alone', measure(decideOnly, options)],
  ['`evolve` alone', measure(evolveOnly, options)],
];

console.log(
  [
    `${grouped(BIDS)} accepted bids (the fold benchmark's stream), median of 9 samples of ${grouped(BIDS * 2)} bids, wall-clock time (CPU time of all threads beside it).`,
    '',
    '| per bid | ns | ns (CPU) | M bids/s |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([name, m]) =>
        `| ${name} | ${m.nsPerUnit.toFixed(1)} | ${m.cpuNsPerUnit.toFixed(1)} | ${(m.perSecond / 1e6).toFixed(2)} |`,
    ),
  ].join('\n'),
);
