/**
 * Closer benchmark: 100 000 open auctions on the in-memory store, ending over about 10 s, one closer.
 * Reports the start-up time (catching up with the history), the memory per open auction (heap and
 * array buffers after a full GC, before and after the closer started), and the close lag (effective end
 * to the service's answer that the `AuctionClosed` is recorded) p50/p99/max, from the closer's stats
 * and from the store's `recordedAt`. A second figure measures the closer's heap alone with fresh id
 * strings, as with a store that decodes events from bytes (SQLite, PostgreSQL), where the ids are not
 * shared with the store's own objects.
 * Run with `pnpm --filter @gavel/core bench -- closer` (`--quick`: 10 000 auctions; `--runs=N`).
 */

import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAuctionDeadlines } from '../src/closing/auctionDeadlines';
import { createAuctionCloser } from '../src/closing/createAuctionCloser';
import { createAuctionService } from '../src/commandHandling/createAuctionService';
import { isAuctionClosed } from '../src/decoding/auctionEventGuards';
import { getInMemoryEventStore } from '../src/eventStore/inMemoryEventStore';
import { openAuctionCommand } from '../src/testing/openAuctionCommand';
import { grouped } from './measure';

const quick = process.argv.includes('--quick');
const runsFlag = process.argv.find((arg) => arg.startsWith('--runs='));
const RUNS = runsFlag === undefined ? (quick ? 1 : 3) : Number(runsFlag.slice('--runs='.length));
const AUCTIONS = quick ? 10_000 : 100_000;
const SPREAD_MS = 10_000;
/** The first end comes this long after the closer has started. */
const LEAD_MS = 1_000;

const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

/** Heap plus array buffers (the closer's typed arrays live outside the JS heap), after full GCs. */
const memory = (): number => {
  for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? 0;

interface RunResult {
  readonly startupMs: number;
  readonly bytesPerAuction: number;
  readonly lag: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly storeLag: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly closeSpanMs: number;
  /** CPU time of this process (all threads) while closing, per close. */
  readonly cpuUsPerClose: number;
}

const run = async (): Promise<RunResult> => {
  // One clock for the services and the closer. Opening the auctions takes a while, so the clock is moved
  // forward once they are open: the first end then comes LEAD_MS after the closer starts.
  let shift = 0;
  const clock = (): number => Date.now() + shift;
  const store = getInMemoryEventStore({ clock });
  const opener = createAuctionService({ store, clock });
  const base = clock() + 3_600_000;
  const BATCH = 1_000;
  for (let first = 0; first < AUCTIONS; first += BATCH) {
    const opening: Promise<unknown>[] = [];
    for (let i = first; i < Math.min(AUCTIONS, first + BATCH); i++)
      opening.push(
        opener.execute(
          openAuctionCommand(`lot-${i}`, {
            startsAt: clock(),
            endsAt: base + Math.floor((i * SPREAD_MS) / AUCTIONS),
          }),
        ),
      );
    await Promise.all(opening);
  }
  const service = createAuctionService({ store, clock });
  const before = memory();
  shift += base - LEAD_MS - clock();
  const closer = createAuctionCloser({ store, service, clock });
  const startedAt = performance.now();
  await closer.start();
  const startupMs = performance.now() - startedAt;
  const after = memory();
  if (closer.stats().openAuctions !== AUCTIONS) throw new Error(`tracks ${closer.stats().openAuctions}`);
  const bytesPerAuction = (after - before) / AUCTIONS;
  const cpu = process.cpuUsage();
  while (closer.stats().closesRecorded < AUCTIONS) await new Promise((resolve) => setTimeout(resolve, 100));
  const used = process.cpuUsage(cpu);
  const cpuUsPerClose = (used.user + used.system) / AUCTIONS;
  const closeLag = closer.stats().closeLag;
  await closer.stop();

  // Exactly one close each, and the lag as the store saw it (recordedAt minus the effective end).
  const lags: number[] = [];
  const seen = new Set<string>();
  let firstClose = Number.POSITIVE_INFINITY;
  let lastClose = 0;
  for await (const message of store.subscribe({ category: 'auction' })) {
    if (message.type === 'caught-up') break;
    const event = message.event;
    if (!isAuctionClosed(event)) continue;
    if (seen.has(event.data.auctionId)) throw new Error(`${event.data.auctionId} closed twice`);
    seen.add(event.data.auctionId);
    const index = Number(event.data.auctionId.slice('lot-'.length));
    lags.push(event.recordedAt - (base + Math.floor((index * SPREAD_MS) / AUCTIONS)));
    firstClose = Math.min(firstClose, event.recordedAt);
    lastClose = Math.max(lastClose, event.recordedAt);
  }
  if (seen.size !== AUCTIONS) throw new Error(`${seen.size} closes for ${AUCTIONS} auctions`);
  lags.sort((a, b) => a - b);
  await store.close();
  return {
    startupMs,
    bytesPerAuction,
    lag: closeLag,
    storeLag: { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), max: lags[lags.length - 1] ?? 0 },
    closeSpanMs: lastClose - firstClose,
    cpuUsPerClose,
  };
};

/** The deadline heap alone, fed fresh id strings: what a closer costs when the ids are its own. */
const trackerBytesWithOwnIds = (): number => {
  const before = memory();
  const deadlines = createAuctionDeadlines();
  const now = Date.now();
  for (let i = 0; i < AUCTIONS; i++) deadlines.set(`auction-id-${i.toString(36).padStart(8, '0')}`, now + i);
  const after = memory();
  if (deadlines.size !== AUCTIONS) throw new Error('lost entries');
  return (after - before) / AUCTIONS;
};

if (process.argv.includes('--one-run')) {
  // A child of the loop below: one run, its result as JSON on the last line.
  process.stdout.write(`${JSON.stringify(await run())}\n`);
  process.exit(0);
}

/** One run in a fresh Node process, so that no run measures the heap another left behind. */
const runInChild = (): RunResult => {
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--one-run',
    ...(quick ? ['--quick'] : []),
  ];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`a run failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as RunResult;
};

console.log(
  `closer: ${grouped(AUCTIONS)} open auctions ending over ${SPREAD_MS / 1000} s, in-memory store, ${RUNS} run(s), each in its own process`,
);
console.log(
  '| run | load average | start-up (catch up) | bytes / open auction | close lag p50 / p99 / max (stats) | close lag p50 / p99 / max (store) | first to last close | CPU per close |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (let r = 1; r <= RUNS; r++) {
  const load = loadavg()[0]?.toFixed(1);
  const result = runInChild();
  console.log(
    `| ${r} | ${load} | ${result.startupMs.toFixed(0)} ms | ${result.bytesPerAuction.toFixed(0)} | ${result.lag.p50} / ${result.lag.p99} / ${result.lag.max} ms | ${result.storeLag.p50} / ${result.storeLag.p99} / ${result.storeLag.max} ms | ${(result.closeSpanMs / 1000).toFixed(2)} s | ${result.cpuUsPerClose.toFixed(0)} µs |`,
  );
}
console.log(
  `\ndeadline heap alone, ${grouped(AUCTIONS)} fresh 19-character ids: ${trackerBytesWithOwnIds().toFixed(0)} bytes per auction`,
);
