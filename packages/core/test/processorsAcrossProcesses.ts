import { join } from 'node:path';
import {
  AUCTION_CATEGORY,
  auctionStreamName,
  createAuctionService,
  type EventStore,
  partitionOf,
  type RecordedEvent,
} from '../src/index';
import { openAuctionCommand } from '../src/testing/index';
import { type LineProcess, startLineProcess } from './childProcessLines';
import { type HandledEvent, readHandledLog, wallClock } from './handledLog';
import { batchesOf, type ProcessLog, type Takeover, takeoversOf, unhandledEvents } from './handledLogChecks';
import type { BidAnswer, ProcessesChildRole } from './processesChild';

/**
 * Test-only: processors across real processes, the same on every store. Three processor processes run
 * one processor (4 partitions, short leases) while three bidder processes bid through their own auction
 * services; one processor process is killed with SIGKILL while the bids flow, the survivors take its
 * partitions over, and every process logs each batch it handles (`handledLog.ts`). An adapter's test
 * gives a tiny child script that opens its store (`runProcessesChild`), then asserts with
 * `expectProcessorsKeptTheirPromises` (`processorsPromises.ts`).
 */

/** The processor's settings in every process. */
export const PROCESSES_SETTINGS = {
  partitions: 4,
  leaseMs: 1_500,
  /** The processor's default for that lease: `leaseMs / 10`. */
  renewIntervalMs: 150,
  batchSize: 10,
  handlerMs: 3,
  /** Auctions bid on, as many in each partition. */
  auctionsPerPartition: 4,
  bidders: 3,
  callersPerBidder: 4,
  /** How long the bids flow after the third processor started and before the kill, and after the takeover. */
  settleMs: 1_000,
  /** What a takeover may take beyond the lease and one renewal on a busy 2-core machine. */
  takeoverSlackMs: 1_000,
} as const;

/** Where and how the adapter's child script runs. */
export interface ProcessesStore {
  /** A short name for the output (`sqlite`, `postgres`). */
  readonly label: string;
  /** The parent's store on the database the children use: it opens the auctions and reads the events. */
  readonly store: EventStore;
  /** The adapter's child script (absolute path): `runProcessesChild` on a store it opens. */
  readonly childScript: string;
  /** The folder the child runs in (tsx reads the tsconfig there). */
  readonly cwd: string;
  /** What the child script needs to open the store. */
  readonly env: Readonly<Record<string, string>>;
  /** A folder for the processes' logs. */
  readonly logDir: string;
}

/** What one run gave, for the checks. */
export interface ProcessesRun {
  readonly label: string;
  readonly logs: readonly ProcessLog[];
  /** The store's auction events, in global order. */
  readonly storeEvents: readonly RecordedEvent[];
  readonly answers: readonly BidAnswer[];
  readonly victim: string;
  /** When the SIGKILL was sent. */
  readonly killSentAt: number;
  /** When the test asked the survivors to stop (after they had handled everything). */
  readonly stopAskedAt: number;
  /** How long each phase took, in ms, for the output. */
  readonly phasesMs: Readonly<Record<string, number>>;
  readonly takeovers: readonly Takeover[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const START_TIMEOUT_MS = 20_000;

/** Auction ids of a run, `perPartition` of them in each partition of the processor. */
const auctionIdsByPartition = (run: string, partitions: number, perPartition: number): string[] => {
  const counts = new Array<number>(partitions).fill(0);
  const ids: string[] = [];
  for (let n = 0; ids.length < partitions * perPartition; n++) {
    const id = `${run}-${n}`;
    const partition = partitionOf(auctionStreamName(id), partitions);
    if ((counts[partition] as number) >= perPartition) continue;
    counts[partition] = (counts[partition] as number) + 1;
    ids.push(id);
  }
  return ids;
};

/** Every auction event of the store, in global order. */
const auctionEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const message of store.subscribe({ category: AUCTION_CATEGORY })) {
    if (message.type === 'caught-up') break;
    events.push(message.event);
  }
  return events;
};

/** An event of the store as the logs name it. */
export const asHandled = (event: RecordedEvent): HandledEvent => [
  event.streamName,
  event.streamVersion,
  String(event.globalPosition),
];

/** The process that owns partitions now, preferring one in the middle of a batch. */
const chooseVictim = async (logPaths: ReadonlyMap<string, string>): Promise<string> => {
  const deadline = Date.now() + 500;
  let owner: string | undefined;
  for (;;) {
    for (const [label, path] of logPaths) {
      const log = { label, lines: readHandledLog(path) };
      const owned = log.lines.reduce(
        (n, line) => n + (line.t === 'assigned' ? 1 : line.t === 'revoked' ? -1 : 0),
        0,
      );
      if (owned === 0) continue;
      owner ??= label;
      if (batchesOf(log).some((batch) => batch.end === undefined)) return label;
    }
    if (Date.now() > deadline && owner !== undefined) return owner;
    if (Date.now() > deadline + 5_000) throw new Error('no processor process owns a partition');
    await sleep(5);
  }
};

/** Runs the scenario (see the file's comment) and collects what the checks need. */
export const runProcessorsAcrossProcesses = async (target: ProcessesStore): Promise<ProcessesRun> => {
  const settings = PROCESSES_SETTINGS;
  const phases: [string, number][] = [['begin', wallClock()]];
  const phase = (name: string): void => {
    phases.push([name, wallClock()]);
  };
  const run = globalThis.crypto.randomUUID().slice(0, 8);
  const name = `across-${run}`;
  const auctionIds = auctionIdsByPartition(run, settings.partitions, settings.auctionsPerPartition);
  const service = createAuctionService({ store: target.store });
  const now = Date.now();
  for (const auctionId of auctionIds) {
    const opened = await service.execute(
      openAuctionCommand(auctionId, { startsAt: now, endsAt: now + 3_600_000 }),
    );
    if (!opened.ok) throw new Error(`could not open ${auctionId}: ${opened.code}`);
  }

  const started: LineProcess[] = [];
  const start = (role: ProcessesChildRole): LineProcess => {
    const child = startLineProcess(target.childScript, [JSON.stringify(role)], target);
    started.push(child);
    return child;
  };
  const logPaths = new Map<string, string>();
  const processors = new Map<string, LineProcess>();
  const startProcessor = (label: string): LineProcess => {
    const log = join(target.logDir, `${name}-${label}.jsonl`);
    logPaths.set(label, log);
    const { partitions, leaseMs, batchSize, handlerMs } = settings;
    const child = start({ role: 'processor', log, name, partitions, leaseMs, batchSize, handlerMs });
    processors.set(label, child);
    return child;
  };
  try {
    // Two processors and the bidders get ready; the third processor joins while the bids flow.
    const first = [startProcessor('p0'), startProcessor('p1')];
    const bidders = Array.from({ length: settings.bidders }, (_, n) =>
      start({
        role: 'bidder',
        label: `${run}-b${n}`,
        auctionIds,
        callers: settings.callersPerBidder,
        base: now,
      }),
    );
    await Promise.all([
      ...first.map((child) => child.waitForLine('started', START_TIMEOUT_MS)),
      ...bidders.map((child) => child.waitForLine('ready', START_TIMEOUT_MS)),
    ]);
    phase('two processors and the bidders ready');
    for (const bidder of bidders) bidder.send('go');
    await startProcessor('p2').waitForLine('started', START_TIMEOUT_MS);
    phase('third processor started');
    await sleep(settings.settleMs);

    const victim = await chooseVictim(logPaths);
    const killed = processors.get(victim) as LineProcess;
    const killSentAt = wallClock();
    killed.child.kill('SIGKILL');
    await killed.exited;
    const killedAt = wallClock();
    const readLogs = (): ProcessLog[] =>
      [...logPaths].map(([label, path]) => ({
        label,
        lines: readHandledLog(path),
        ...(label === victim ? { killedAt } : {}),
      }));

    // The bids flow on until the survivors took the victim's partitions (or it is clearly late), and a
    // moment after, so that the new owners handle new events of them.
    const takeoverDeadline = Date.now() + 3 * settings.leaseMs + settings.takeoverSlackMs;
    while (
      Date.now() < takeoverDeadline &&
      takeoversOf(readLogs(), victim, killSentAt).some((takeover) => takeover.by === undefined)
    )
      await sleep(50);
    phase('kill and takeover');
    await sleep(settings.settleMs);
    for (const bidder of bidders) bidder.send('stop');
    for (const exit of await Promise.all(bidders.map((bidder) => bidder.exited)))
      if (exit.code !== 0) throw new Error(`a bidder failed: ${exit.stderr}`);
    phase('bids after the takeover');
    const answers = bidders.flatMap((bidder) =>
      bidder.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as BidAnswer),
    );
    const storeEvents = await auctionEvents(target.store);

    // The survivors finish what the store holds (or make no progress for 2 s: the checks then say what
    // they left), then stop.
    const expected = storeEvents.map(asHandled);
    const deadline = Date.now() + 20_000;
    let left = expected.length;
    for (let progressAt = Date.now(); Date.now() < deadline && Date.now() - progressAt < 2_000; ) {
      const unhandled = unhandledEvents(expected, readLogs().flatMap(batchesOf)).length;
      if (unhandled === 0) break;
      if (unhandled < left) progressAt = Date.now();
      left = unhandled;
      await sleep(100);
    }
    phase('survivors caught up');
    const stopAskedAt = wallClock();
    const survivors = [...processors].filter(([label]) => label !== victim).map(([, child]) => child);
    for (const survivor of survivors) survivor.send('stop');
    for (const exit of await Promise.all(survivors.map((survivor) => survivor.exited)))
      if (exit.code !== 0) throw new Error(`a processor process failed (${exit.code}): ${exit.stderr}`);

    phase('survivors stopped');
    const logs = readLogs();
    return {
      label: target.label,
      logs,
      storeEvents,
      answers,
      victim,
      killSentAt,
      stopAskedAt,
      takeovers: takeoversOf(logs, victim, killSentAt),
      phasesMs: Object.fromEntries(
        phases.slice(1).map(([name, at], n) => [name, Math.round(at - (phases[n] as [string, number])[1])]),
      ),
    };
  } finally {
    for (const child of started) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  }
};
