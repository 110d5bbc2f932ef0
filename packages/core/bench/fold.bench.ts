/**
 * Fold throughput of the auction decider at 1e3, 1e5 and 1e6 events of a realistic bid stream,
 * against a literal-object baseline reducer and an immer `produce` fold, measured in the same run.
 * Run: `pnpm --filter @gavel/core bench` (or `node --import tsx bench/fold.bench.ts`).
 */
import { deepStrictEqual } from 'node:assert';
import { cpus } from 'node:os';
import { fold } from '../src/index';
import { bidStream } from './bidStream';
import { immerFold } from './immerFold';
import { literalFold } from './literalFold';
import { grouped, type Measurement, measure } from './measure';

const SIZES = [1_000, 100_000, 1_000_000];
/** Events folded per sample (at least one whole fold): enough to time, little enough to finish. */
const EVENTS_PER_SAMPLE = 200_000;
const IMMER_EVENTS_PER_SAMPLE = 100_000;

const stream = bidStream((SIZES[SIZES.length - 1] as number) - 1).events;
const prefix = (size: number) => stream.slice(0, size);

// The three folds must agree on the result before their speed means anything.
for (const size of SIZES) {
  const events = prefix(size);
  const real = fold(events);
  const pick = (s: { leader: unknown; runnerUpMax: unknown; price: unknown; bidCount: unknown }) => ({
    leader: s.leader,
    runnerUpMax: s.runnerUpMax,
    price: s.price,
    bidCount: s.bidCount,
  });
  deepStrictEqual(pick(literalFold(events)), pick(real));
  if (size <= 100_000) deepStrictEqual(pick(immerFold(events)), pick(real));
}

interface Row {
  readonly size: number;
  readonly gavel: Measurement;
  readonly literal: Measurement;
  readonly immer: Measurement;
}

const rows: Row[] = [];
for (const size of SIZES) {
  const events = prefix(size);
  const runsPerSample = Math.max(1, Math.round(EVENTS_PER_SAMPLE / size));
  const options = { unitsPerRun: size, runsPerSample, warmupSamples: 2, samples: 9 };
  const gavel = measure(() => fold(events), options);
  const literal = measure(() => literalFold(events), options);
  const immerRuns = Math.max(1, Math.round(IMMER_EVENTS_PER_SAMPLE / size));
  const immer = measure(() => immerFold(events), {
    unitsPerRun: size,
    runsPerSample: immerRuns,
    warmupSamples: 1,
    samples: 3,
  });
  rows.push({ size, gavel, literal, immer });
  console.error(`measured ${grouped(size)} events`);
}

const ns = (m: Measurement) => m.nsPerUnit.toFixed(1);
const mps = (m: Measurement) => (m.perSecond / 1e6).toFixed(2);
const first = rows[0] as Row;
const last = rows[rows.length - 1] as Row;
const growth = last.gavel.nsPerUnit / first.gavel.nsPerUnit;
const slowestVsLiteral = Math.min(...rows.map((r) => r.literal.nsPerUnit / r.gavel.nsPerUnit));
const slowest = Math.min(...rows.map((r) => r.gavel.perSecond));
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

const lines = [
  `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`,
  `Median of 9 samples (immer: 3) after warm-up; a sample folds at least ${grouped(EVENTS_PER_SAMPLE)} events (immer: ${grouped(IMMER_EVENTS_PER_SAMPLE)}), i.e. one fold or more. ns are wall-clock time on an idle machine; the CPU time of \`fold\` (all threads, GC included) is shown beside it.`,
  '',
  '| events | `fold` ns/event | `fold` CPU ns/event | `fold` M events/s | literal ns/event | literal M events/s | `fold` / literal speed | immer ns/event | immer M events/s | immer slower than `fold` |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${grouped(r.size)} | ${ns(r.gavel)} | ${r.gavel.cpuNsPerUnit.toFixed(1)} | ${mps(r.gavel)} | ${ns(r.literal)} | ${mps(r.literal)} | ${(r.literal.nsPerUnit / r.gavel.nsPerUnit).toFixed(2)} | ${ns(r.immer)} | ${mps(r.immer)} | ${(r.immer.nsPerUnit / r.gavel.nsPerUnit).toFixed(1)}× |`,
  ),
  '',
  '| target | measured | |',
  '| --- | --- | --- |',
  `| ≥ 5 M events/s at every size | ${(slowest / 1e6).toFixed(2)} M events/s (slowest size) | ${mark(slowest >= 5e6)} |`,
  `| ≥ 0.5 × the literal baseline | ${slowestVsLiteral.toFixed(2)} × (worst size) | ${mark(slowestVsLiteral >= 0.5)} |`,
  `| ns/event at 1e6 ≤ 1.3 × at 1e3 | ${growth.toFixed(2)} × | ${mark(growth <= 1.3)} |`,
];
console.log(lines.join('\n'));
