/**
 * Bench-only, shared by the SQL adapters' `bench/processors.bench.ts`: how fast a processor goes
 * through a store's history against a plain subscription loop over the same store, with and without a
 * read model row written per event.
 *
 * The store is filled with `events` events over `streams` auction streams (whole auction histories
 * decided by `decide`, one append per stream). Then, in rounds, each design reads the whole history
 * from position 0 until it has caught up, and its events/s is timed (from the call that starts it to
 * the caught-up point; creating and stopping a processor are outside the time):
 * - `loop`: `for await (const m of store.subscribe({ fromPosition: 0n }))` until `caught-up`;
 * - `processor`: `createProcessor` with a no-op handler (batchSize 100, a checkpoint per batch), 1 and
 *   4 partitions, from `start()` until it resolves (its partitions have handled what was there);
 * - `loop + rows`: the loop, writing one row per event into a table of the same database, 100 rows per
 *   transaction (one multi-row INSERT; the processors' batch size) on a connection of its own;
 * - `processor + rows`: a transactional processor (`transactional: true`, `checkpoints:
 *   store.processors`) writing the rows of each batch in one multi-row INSERT with the transaction that
 *   moves its checkpoint, 1 and 4 partitions.
 * Each run uses a fresh processor name (so it starts from 0) and a fresh table, checked afterwards to
 * hold exactly one row per event. The designs are interleaved (round after round, the order rotated
 * each round), as in the PostgreSQL bench: the machine's speed drifts, and one block per design would
 * read that drift as a difference between designs.
 */
import {
  createProcessor,
  type EventStore,
  type ProcessorError,
  type ProcessorStore,
  type RecordedEvent,
} from '../src/index';
import { fillWithAuctions } from './auctionHistories';
import {
  fixed,
  loadAverage,
  machineLine,
  markdownTable,
  medianAndRange,
  quick,
  type Spread,
  sizeSetting,
  spread,
  whole,
  writeJsonResults,
} from './benchRuns';

/** One read-model row: the event's global position, stream, version and type. */
export type BenchRow = readonly [position: bigint, streamName: string, streamVersion: number, type: string];

/** What the benchmark needs of a SQL store, given by each adapter's bench. */
export interface ThroughputTarget<TTransaction> {
  /** For the header: the store and its settings. */
  readonly label: string;
  readonly store: EventStore & { readonly processors: ProcessorStore<TTransaction> };
  /** Creates an empty row table `name` (position, stream_name, stream_version, type). */
  createTable(name: string): Promise<void>;
  dropTable(name: string): Promise<void>;
  countRows(name: string): Promise<number>;
  /** Writes rows in the processor's transaction, in one statement. */
  insertInTransaction(transaction: TTransaction, table: string, rows: readonly BenchRow[]): Promise<void>;
  /** A connection of its own, on which each `write` is one transaction of one multi-row INSERT. */
  openRowWriter(table: string): Promise<RowWriter>;
  /** Closes what the target opened (the store included). */
  close(): Promise<void>;
}

/** The plain loop's own writer of rows. */
export interface RowWriter {
  write(rows: readonly BenchRow[]): Promise<void>;
  close(): Promise<void>;
}

/** The benchmark's sizes: full by default, small with `BENCH_QUICK=1`. */
export interface ThroughputSettings {
  readonly events: number;
  readonly streams: number;
  /** Measured rounds (each design once per round). */
  readonly rounds: number;
  /** Rounds run first and not counted. */
  readonly warmupRounds: number;
  /** The processors' `batchSize` (each batch one checkpoint commit). */
  readonly batchSize: number;
}

/**
 * `BENCH_EVENTS` (200 000; quick 20 000), `BENCH_STREAMS` (2 000; quick 200), `BENCH_RUNS` (5; quick 2),
 * `BENCH_WARMUP` (1; quick 0), `BENCH_BATCH_SIZE` (100, the processor's default).
 */
export const throughputSettings = (): ThroughputSettings => ({
  events: sizeSetting('events', 'BENCH_EVENTS', 200_000, 20_000),
  streams: sizeSetting('streams', 'BENCH_STREAMS', 2_000, 200),
  rounds: sizeSetting('runs', 'BENCH_RUNS', 5, 2),
  warmupRounds: sizeSetting('warmup', 'BENCH_WARMUP', 1, 0),
  batchSize: sizeSetting('batch-size', 'BENCH_BATCH_SIZE', 100, 100),
});

type DesignName = 'loop' | 'processor-1' | 'processor-4' | 'loop-rows' | 'tx-processor-1' | 'tx-processor-4';

interface Design {
  readonly name: DesignName;
  readonly label: string;
  /** The design it is compared with (the plain loop of the same work), or null for a baseline. */
  readonly baseline: DesignName | null;
}

const DESIGNS: readonly Design[] = [
  { name: 'loop', label: 'plain subscribe loop', baseline: null },
  { name: 'processor-1', label: 'processor, no-op, 1 partition', baseline: 'loop' },
  { name: 'processor-4', label: 'processor, no-op, 4 partitions', baseline: 'loop' },
  { name: 'loop-rows', label: 'plain loop + a row per event, a tx per batch', baseline: null },
  { name: 'tx-processor-1', label: 'transactional processor + rows, 1 partition', baseline: 'loop-rows' },
  { name: 'tx-processor-4', label: 'transactional processor + rows, 4 partitions', baseline: 'loop-rows' },
];

/** One timed run of one design. */
interface RunResult {
  readonly events: number;
  readonly ms: number;
  /** CPU time of this process (all threads) during the run. */
  readonly cpuMs: number;
  readonly processorErrors: number;
}

const rowOf = (event: RecordedEvent): BenchRow => [
  event.globalPosition,
  event.streamName,
  event.streamVersion,
  event.type,
];

const cpuMsSince = (before: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

const timed = async (work: () => Promise<number>, errors: () => number): Promise<RunResult> => {
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  const events = await work();
  return { events, ms: performance.now() - startedAt, cpuMs: cpuMsSince(cpu), processorErrors: errors() };
};

/** Runs one design once over the whole store; checks that it saw every event (and wrote every row). */
const runDesign = async <TTransaction>(
  target: ThroughputTarget<TTransaction>,
  design: DesignName,
  run: string,
  total: number,
  batchSize: number,
): Promise<RunResult> => {
  const { store } = target;
  const withRows = design === 'loop-rows' || design.startsWith('tx-processor');
  const table = `bench_rows_${run.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (withRows) await target.createTable(table);
  let errors = 0;
  const onError = (error: ProcessorError): void => {
    errors++;
    if (errors <= 3) console.error(`  ${design}: ${error.code} ${error.message}`);
  };
  let result: RunResult;
  if (design === 'loop' || design === 'loop-rows') {
    const writer = withRows ? await target.openRowWriter(table) : undefined;
    result = await timed(
      async () => {
        let seen = 0;
        let rows: BenchRow[] = [];
        for await (const message of store.subscribe({ fromPosition: 0n })) {
          if (message.type === 'caught-up') break;
          seen++;
          if (writer === undefined) continue;
          rows.push(rowOf(message.event));
          if (rows.length === batchSize) {
            await writer.write(rows);
            rows = [];
          }
        }
        if (writer !== undefined && rows.length > 0) await writer.write(rows);
        return seen;
      },
      () => 0,
    );
    await writer?.close();
  } else {
    const partitions = design.endsWith('-4') ? 4 : 1;
    let handled = 0;
    const processor = withRows
      ? createProcessor<TTransaction>({
          store,
          checkpoints: store.processors,
          name: `bench-${run}`,
          partitions,
          batchSize,
          transactional: true,
          onError,
          handle: async (events, { transaction }) => {
            await target.insertInTransaction(transaction as TTransaction, table, events.map(rowOf));
            handled += events.length;
          },
        })
      : createProcessor({
          store,
          name: `bench-${run}`,
          partitions,
          batchSize,
          onError,
          handle: (events) => {
            handled += events.length;
          },
        });
    result = await timed(
      async () => {
        await processor.start();
        return handled;
      },
      () => errors,
    );
    await processor.stop();
  }
  if (result.events < total)
    throw new Error(`${design}: caught up after ${result.events} events of ${total}`);
  if (withRows) {
    const rows = await target.countRows(table);
    if (rows !== total) throw new Error(`${design}: ${rows} rows for ${total} events`);
    await target.dropTable(table);
  }
  return result;
};

/** Per design: its runs, the medians, and the ratios to its baseline. */
interface DesignSummary {
  readonly design: DesignName;
  readonly label: string;
  readonly eventsPerSecond: Spread;
  readonly eventsPerCpuSecond: Spread;
  readonly ms: Spread;
  readonly baseline: DesignName | null;
  /** Median of the rounds' ratios (this design's events/s ÷ its baseline's in the same round). */
  readonly ratioOfRounds: Spread | null;
  /** This design's median events/s ÷ its baseline's. */
  readonly ratioOfMedians: number | null;
  readonly processorErrors: number;
  readonly runs: readonly RunResult[];
}

/**
 * Fills the target's store, runs the designs interleaved, prints the settings, one Markdown table and
 * the targets, and writes the JSON file when asked. Closes the target at the end.
 */
export const runThroughputBench = async <TTransaction>(
  target: ThroughputTarget<TTransaction>,
  settings: ThroughputSettings = throughputSettings(),
): Promise<void> => {
  const id = globalThis.crypto.randomUUID().slice(0, 8);
  try {
    console.log(machineLine());
    const fillStarted = performance.now();
    const total = await fillWithAuctions(target.store, settings.events, settings.streams);
    const fillMs = performance.now() - fillStarted;
    console.log(
      `Store: ${target.label}; ${whole(total)} events over ${whole(settings.streams)} auction streams (filled in ${fixed(fillMs / 1000)} s)${quick ? ' — QUICK run' : ''}`,
    );
    console.log(
      `${settings.rounds} measured round(s) after ${settings.warmupRounds} warm-up round(s); each round runs every design once, the order rotated each round; batches of ${settings.batchSize} events (the processors' batchSize, a checkpoint each; the loop's rows per transaction)\n`,
    );
    const runs = new Map<DesignName, RunResult[]>(DESIGNS.map((design) => [design.name, []]));
    for (let round = 0; round < settings.warmupRounds + settings.rounds; round++) {
      const warmup = round < settings.warmupRounds;
      const order = DESIGNS.map((_, i) => DESIGNS[(i + round) % DESIGNS.length] as Design);
      const line: string[] = [];
      for (const design of order) {
        const result = await runDesign(
          target,
          design.name,
          `${id}-${round}-${design.name}`,
          total,
          settings.batchSize,
        );
        if (!warmup) runs.get(design.name)?.push(result);
        line.push(`${design.name} ${whole((result.events * 1000) / result.ms)}/s`);
      }
      console.error(
        `${warmup ? 'warm-up' : `round ${round - settings.warmupRounds + 1}`} (load ${loadAverage()}): ${line.join(', ')}`,
      );
    }
    const rate = (run: RunResult): number => (run.events * 1000) / run.ms;
    const summaries: DesignSummary[] = DESIGNS.map((design) => {
      const own = runs.get(design.name) ?? [];
      const base = design.baseline === null ? null : (runs.get(design.baseline) ?? []);
      const eventsPerSecond = spread(own.map(rate));
      return {
        design: design.name,
        label: design.label,
        eventsPerSecond,
        eventsPerCpuSecond: spread(own.map((run) => (run.events * 1000) / run.cpuMs)),
        ms: spread(own.map((run) => run.ms)),
        baseline: design.baseline,
        ratioOfRounds:
          base === null ? null : spread(own.map((run, i) => rate(run) / rate(base[i] as RunResult))),
        ratioOfMedians: base === null ? null : eventsPerSecond.median / spread(base.map(rate)).median,
        processorErrors: own.reduce((n, run) => n + run.processorErrors, 0),
        runs: own,
      };
    });
    console.log(
      markdownTable(
        [
          'design',
          'events/s, median (range)',
          'ms, median',
          'events per CPU-second, median',
          '÷ plain loop, median of rounds (range)',
          '÷ plain loop, of medians',
        ],
        summaries.map((s) => [
          s.label,
          medianAndRange(s.eventsPerSecond),
          whole(s.ms.median),
          whole(s.eventsPerCpuSecond.median),
          s.ratioOfRounds === null ? '–' : medianAndRange(s.ratioOfRounds, (v) => fixed(v, 2)),
          s.ratioOfMedians === null ? '–' : fixed(s.ratioOfMedians, 2),
        ]),
        [false, true, true, true, true, true],
      ),
    );
    const target1 = summaries.find((s) => s.design === 'processor-1');
    const targetRows = summaries.find((s) => s.design === 'tx-processor-1');
    console.log(
      `\nTarget ≥ 0.80 × the plain loop: no-op processor (1 partition) ${fixed(target1?.ratioOfRounds?.median ?? Number.NaN, 2)}; with rows ${fixed(targetRows?.ratioOfRounds?.median ?? Number.NaN, 2)} (medians of the rounds' ratios)`,
    );
    const errors = summaries.reduce((n, s) => n + s.processorErrors, 0);
    if (errors > 0) console.log(`Processor errors reported during the measured runs: ${errors}`);
    writeJsonResults({
      benchmark: 'processor-throughput',
      store: target.label,
      machine: machineLine(),
      quick,
      settings,
      events: total,
      fillMs,
      designs: summaries,
    });
  } finally {
    await target.close();
  }
};
