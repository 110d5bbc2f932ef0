/**
 * Fold speed of this tree against a baseline commit (default `46025a1`, before retraction added its
 * case to `evolve`), side by side in one process. The baseline's `packages/core/src` is taken with
 * `git archive` into a temporary folder and its `fold` imported from there (tsx compiles it as it
 * compiles ours), so both are the same kind of code, run by the same Node with the same flags. Both fold
 * the same stream (bidStream's: an opening and bids, events that both versions know) in rounds that
 * alternate which goes first, so that a drift of the machine's speed hits both alike; each round gives
 * a ratio, and the table shows the median ratio with its range over the rounds.
 * Run: `pnpm --filter @gavel/core bench -- foldBaseline` (`--quick`: fewer sizes and rounds;
 * `--baseline=<git ref>`; `--rounds=<n>`; `--json=<file>`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AuctionEvent, type AuctionState, fold } from '../src/index';
import {
  fixed,
  flag,
  machineLine,
  markdownTable,
  medianAndRange,
  quick,
  sizeSetting,
  spread,
  whole,
  writeJsonResults,
} from './benchRuns';
import { bidStream } from './bidStream';
import { measure } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const git = (...args: string[]): string => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();

const baselineRef = flag('baseline') ?? '46025a1';
const rounds = sizeSetting('rounds', 'BENCH_ROUNDS', 7, 2);
const SIZES = quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000];
/** Events folded per sample (at least one whole fold), as in fold.bench.ts. */
const EVENTS_PER_SAMPLE = 200_000;

/** The baseline's core sources, extracted once per commit into the system's temporary folder. */
const baselineFold = async (): Promise<{
  readonly commit: string;
  readonly fold: (events: Iterable<AuctionEvent>) => AuctionState;
}> => {
  const commit = git('rev-parse', '--verify', `${baselineRef}^{commit}`);
  const root = git('rev-parse', '--show-toplevel');
  const folder = join(tmpdir(), `gavel-fold-baseline-${commit}`);
  if (!existsSync(join(folder, 'packages/core/src/auction/fold.ts'))) {
    const partial = `${folder}.partial-${process.pid}`;
    mkdirSync(partial, { recursive: true });
    const tar = execFileSync('git', ['archive', commit, 'packages/core/src', 'packages/core/package.json'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', partial], { input: tar });
    rmSync(folder, { recursive: true, force: true });
    renameSync(partial, folder);
  }
  const module = (await import(pathToFileURL(join(folder, 'packages/core/src/auction/fold.ts')).href)) as {
    fold: (events: Iterable<AuctionEvent>) => AuctionState;
  };
  return { commit, fold: module.fold };
};

const baseline = await baselineFold();
const stream = bidStream((SIZES.at(-1) as number) - 1).events;

// Both folds must agree on the result before their speed means anything.
const pick = (s: AuctionState) => [s.leader, s.runnerUpMax, s.price, s.bidCount, s.endsAt];
for (const size of SIZES) {
  const events = stream.slice(0, size);
  if (JSON.stringify(pick(fold(events))) !== JSON.stringify(pick(baseline.fold(events))))
    throw new Error(`the baseline's fold and this tree's disagree at ${size} events`);
}

interface Row {
  readonly size: number;
  readonly current: readonly number[];
  readonly baseline: readonly number[];
  readonly ratios: readonly number[];
}

const rows: Row[] = [];
for (const size of SIZES) {
  const events = stream.slice(0, size);
  const options = {
    unitsPerRun: size,
    runsPerSample: Math.max(1, Math.round(EVENTS_PER_SAMPLE / size)),
    warmupSamples: quick ? 1 : 2,
    samples: quick ? 3 : 5,
  };
  const current: number[] = [];
  const old: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0;
    const a = first ? measure(() => fold(events), options) : null;
    const b = measure(() => baseline.fold(events), options);
    const c = a ?? measure(() => fold(events), options);
    current.push(c.nsPerUnit);
    old.push(b.nsPerUnit);
    ratios.push(c.nsPerUnit / b.nsPerUnit);
  }
  rows.push({ size, current, baseline: old, ratios });
  console.error(`measured ${whole(size)} events`);
}

const ns = (value: number): string => fixed(value, 1);
console.log(machineLine());
console.log(
  `\nThis tree against ${baselineRef} (${baseline.commit.slice(0, 10)}): ${rounds} rounds, each the median of ${quick ? 3 : 5} samples per fold; median (range) over the rounds${quick ? ' — QUICK run: for checking that the benchmark works, not for numbers' : ''}.\n`,
);
console.log(
  markdownTable(
    ['events', 'this tree ns/event', 'baseline ns/event', 'this tree ÷ baseline'],
    rows.map((r) => [
      whole(r.size),
      medianAndRange(spread(r.current), ns),
      medianAndRange(spread(r.baseline), ns),
      medianAndRange(spread(r.ratios), (value) => fixed(value, 3)),
    ]),
    [true, true, true, true],
  ),
);
writeJsonResults({
  benchmark: 'foldBaseline',
  machine: machineLine(),
  quick,
  baseline: { ref: baselineRef, commit: baseline.commit },
  rows,
});
