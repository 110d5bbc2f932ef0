import { createInterface } from 'node:readline';
import { type AuctionCommand, createAuctionService, createProcessor, type EventStore } from '../src/index';
import { appendLogLine, wallClock } from './handledLog';
import { loggedProcessorStore } from './loggedProcessorStore';

/**
 * Test-only, in a child process: one of the roles of the processors-across-processes test
 * (`processorsAcrossProcesses.ts`) on a store the adapter's tiny child script opens. The role comes as
 * JSON in `argv[2]`.
 */

/** A processor that logs every batch it handles, and its partitions as they come and go. */
export interface ProcessorRole {
  readonly role: 'processor';
  /** The log file of this process (see `handledLog.ts`). */
  readonly log: string;
  readonly name: string;
  readonly partitions: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  /** How long the handler takes per batch (a timer), so that batches have a duration. */
  readonly handlerMs: number;
}

/** A bidder that sends bids through its own auction service from `go` until `stop` on stdin. */
export interface BidderRole {
  readonly role: 'bidder';
  /** Prefix of its bid ids and bidder ids. */
  readonly label: string;
  readonly auctionIds: readonly string[];
  /** Concurrent callers. */
  readonly callers: number;
  /** The parent's epoch ms when it opened the auctions: amounts rise with the clock from it. */
  readonly base: number;
}

export type ProcessesChildRole = ProcessorRole | BidderRole;

/** One answer of a bidder, a JSON line on its stdout. */
export interface BidAnswer {
  readonly bidId: string;
  readonly ok: boolean;
  readonly code: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The lines read from stdin so far, and the waits for a line (see {@link lineOnStdin}). */
interface StdinLines {
  readonly seen: Set<string>;
  readonly waiters: { readonly word: string; readonly resolve: () => void }[];
  ended: boolean;
}
let stdinLines: StdinLines | undefined;

/** Resolves at the first line of stdin equal to `word`, or when stdin closes (the parent went away). */
const lineOnStdin = (word: string): Promise<void> => {
  if (stdinLines === undefined) {
    const state: StdinLines = { seen: new Set(), waiters: [], ended: false };
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      state.seen.add(line.trim());
      for (const waiter of state.waiters.filter(({ word }) => state.seen.has(word))) {
        state.waiters.splice(state.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    lines.on('close', () => {
      state.ended = true;
      for (const waiter of state.waiters.splice(0)) waiter.resolve();
    });
    stdinLines = state;
  }
  const state = stdinLines;
  return new Promise((resolve) => {
    if (state.ended || state.seen.has(word)) resolve();
    else state.waiters.push({ word, resolve });
  });
};

/**
 * Runs the processor until `stop` comes on stdin: prints `started` once `start()` resolved, then
 * `stopped` once `stop()` did. Every batch is logged at its start (with its events) and its end.
 */
const runProcessor = async (store: EventStore, role: ProcessorRole): Promise<void> => {
  const log = (line: Parameters<typeof appendLogLine>[1]): void => appendLogLine(role.log, line);
  log({ t: 'hello', pid: process.pid, at: wallClock() });
  let batches = 0;
  const processor = createProcessor({
    store,
    checkpoints: loggedProcessorStore(store.processors, log),
    name: role.name,
    category: 'auction',
    partitions: role.partitions,
    leaseMs: role.leaseMs,
    batchSize: role.batchSize,
    retry: { initialDelayMs: 20, maxDelayMs: 500 },
    onAssigned: (p) => log({ t: 'assigned', p, at: wallClock() }),
    onRevoked: (p) => log({ t: 'revoked', p, at: wallClock() }),
    onError: (error) => log({ t: 'error', code: error.code, message: error.message, at: wallClock() }),
    handle: async (events, { partition }) => {
      const b = ++batches;
      log({
        t: 'start',
        b,
        p: partition,
        at: wallClock(),
        events: events.map((event) => [event.streamName, event.streamVersion, String(event.globalPosition)]),
      });
      await sleep(role.handlerMs);
      log({ t: 'end', b, at: wallClock() });
    },
  });
  const stopRequested = lineOnStdin('stop');
  await Promise.race([processor.start(), stopRequested]);
  log({ t: 'started', at: wallClock() });
  process.stdout.write('started\n');
  await stopRequested;
  await processor.stop();
  log({ t: 'stopped', at: wallClock() });
  process.stdout.write('stopped\n');
};

/**
 * Prints `ready`, waits for `go` on stdin, then bids with `callers` concurrent loops on random auctions
 * of the set (PlaceBid and SetMaxBid, amounts rising with the clock so that most are accepted) until
 * `stop` comes on stdin, printing each answer as a {@link BidAnswer} line once `execute` resolved.
 */
const runBidder = async (store: EventStore, role: BidderRole): Promise<void> => {
  const service = createAuctionService({ store });
  process.stdout.write('ready\n');
  await lineOnStdin('go');
  let stopping = false;
  void lineOnStdin('stop').then(() => {
    stopping = true;
  });
  let amount = 0;
  const caller = async (c: number): Promise<void> => {
    for (let i = 0; !stopping; i++) {
      const bidId = `${role.label}-${c}-${i}`;
      const bidderId = `${role.label}-bidder-${c}`;
      const auctionId = role.auctionIds[Math.floor(Math.random() * role.auctionIds.length)] as string;
      amount = Math.max(amount + 1, (Date.now() - role.base) * 1_000 + Math.floor(Math.random() * 1_000));
      const command: AuctionCommand =
        i % 3 === 0
          ? { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } }
          : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount, bidId } };
      const answer: BidAnswer = await service.execute(command).then(
        (result) => ({ bidId, ok: result.ok, code: result.ok ? null : result.code }),
        (error: unknown) => ({ bidId, ok: false, code: `THREW ${String(error)}` }),
      );
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    }
  };
  await Promise.all(Array.from({ length: role.callers }, (_, c) => caller(c)));
};

/**
 * The body of an adapter's child script: opens the store with `openStore`, plays the role given in
 * `argv[2]`, closes the store and exits.
 */
export const runProcessesChild = async (openStore: () => EventStore): Promise<void> => {
  const role = JSON.parse(process.argv[2] as string) as ProcessesChildRole;
  const store = openStore();
  try {
    if (role.role === 'processor') await runProcessor(store, role);
    else await runBidder(store, role);
  } finally {
    await store.close();
  }
  process.exit(0);
};
