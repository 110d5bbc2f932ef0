import { type AuctionCommand, auctionStreamName, type RecordedEvent } from '@gavel/core';
import { checkAuctionHistory } from './auctionCheck';
import { createClients } from './clients';
import { faultSettings } from './faultSettings';
import { createFeed } from './feed';
import { createHandledLog } from './handledLog';
import {
  CLOSER_RETRY_MAX_MS,
  type Instance,
  type InstanceParts,
  LEASE_MS,
  SERVICE_TIMEOUT_MS,
  startInstance,
} from './instance';
import { createLeaseHolders } from './leaseHolders';
import { createPrng } from './prng';
import type { SimParams } from './simParams';
import { createSimTime } from './simTime';
import { createTrace } from './trace';
import { createDatabase, type Violation, type World } from './world';

/** The wall clock at the start of every run (epoch ms). */
export const SIM_EPOCH = 1_750_000_000_000;
/** The longest a soft close extends an auction past its planned end, in ms. */
const MAX_EXTENSION_MS = 8_000;
/**
 * How soon after its end (or after the faults stop, if later) every auction is closed: the slowest call
 * still in flight (4 s), the service's deadline, a lease taken over and a closer's longest retry wait.
 */
export const CLOSE_BOUND_MS = 4_000 + SERVICE_TIMEOUT_MS + 2 * LEASE_MS + CLOSER_RETRY_MAX_MS + 1_000;
/** The most clock jumps forward, in ms each. */
export const MAX_CLOCK_JUMP_MS = 3_000;

/** The outcome of one run. */
export interface SimResult {
  readonly params: SimParams;
  /** The first broken invariant, or undefined when the run held every one. */
  readonly violation?: Violation & {
    /** The step after which it was found (1 for the first). */
    readonly step: number;
    /** The simulated time then (ms since the start). */
    readonly at: number;
    /** The last lines of the trace before it. */
    readonly trace: readonly string[];
  };
  /** Steps run (one per timer that fired). */
  readonly steps: number;
  /** The hash of the run's trace: the same seed and parameters give the same hash. */
  readonly traceHash: string;
}

/** Lets the promise jobs and `setImmediate` callbacks of a step run (no real I/O happens in a run). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/**
 * Runs one simulation: `params.instances` processes on one in-memory store, behind faulty connections,
 * under a simulated clock; clients open auctions and bid; processes crash and restart; the wall clock
 * jumps; feed clients disconnect and resume. After every step (one timer), the invariants are checked;
 * the run stops at the first broken one. The faults stop ("heal") once every auction's latest possible
 * end has passed, then the run goes on for {@link CLOSE_BOUND_MS} and the final checks run.
 */
export const runSimulation = async (
  params: SimParams,
  options: { readonly traceLines?: number } = {},
): Promise<SimResult> => {
  const prng = createPrng(params.seed);
  const time = createSimTime(SIM_EPOCH);
  const trace = createTrace(options.traceLines);
  const dirty = new Set<string>();
  const recordedBids = new Set<string>();
  const violations: Violation[] = [];
  const world: World = {
    time,
    trace,
    prng: prng.fork('world'),
    database: createDatabase(time, trace, dirty, recordedBids),
    dirty,
    recordedBids,
    faults: { on: true },
    leases: createLeaseHolders(),
    settings: faultSettings(params.faultPercent / 100),
    violations,
    violate: (invariant, message) => {
      violations.push({ invariant, message });
      trace.add(`VIOLATION ${invariant}: ${message}@${time.now()}`);
    },
  };
  trace.add(`params ${JSON.stringify(params)}`);

  const workload = prng.fork('workload');
  const bidderIds = Array.from({ length: params.bidders }, (_, i) => `raw-bidder-${i + 1}`);
  const feed = createFeed(world, bidderIds);
  const parts: InstanceParts = { world, feed, audit: createHandledLog(world, 'sim-audit') };
  const generations = Array.from({ length: params.instances }, () => 1);
  const instances: Instance[] = generations.map((_, i) => startInstance(parts, `i${i + 1}`, 1));
  const restart = (i: number): void => {
    if ((instances[i] as Instance).alive()) return;
    generations[i] = (generations[i] as number) + 1;
    instances[i] = startInstance(parts, `i${i + 1}`, generations[i] as number);
  };
  const clients = createClients(world, () => instances);

  // The auctions: opened in the first 1.5 s, ending 8 to 25 s in, some with a soft close.
  const auctionIds = Array.from({ length: params.auctions }, (_, i) => `a${i + 1}`);
  let latestEnd = 0;
  /** The planned end of each auction (ms since the start), where snipers aim. */
  const plannedEnds = new Map<string, number>();
  for (const auctionId of auctionIds) {
    const endsAt = SIM_EPOCH + workload.int(8_000, 25_000);
    plannedEnds.set(auctionId, endsAt - SIM_EPOCH);
    const softClose = workload.chance(0.6);
    latestEnd = Math.max(latestEnd, endsAt + (softClose ? MAX_EXTENSION_MS : 0));
    const command: AuctionCommand = {
      type: 'OpenAuction',
      data: {
        auctionId,
        sellerId: 'seller',
        currency: 'EUR',
        startingPrice: 100,
        endsAt,
        increments: [
          { from: 0, increment: 10 },
          { from: 500, increment: 25 },
        ],
        ...(workload.chance(0.3) ? { reservePrice: workload.int(30, 60) * 10 } : {}),
        ...(workload.chance(0.2) ? { buyNowPrice: 900 } : {}),
        ...(softClose
          ? { softClose: { windowMs: 3_000, extendMs: 2_000, maxEndsAt: endsAt + MAX_EXTENSION_MS } }
          : {}),
      },
    };
    time.scheduler.setTimeout(() => clients.send(command, `open ${auctionId}`), workload.int(0, 1_500));
  }
  const healAt = latestEnd - SIM_EPOCH;
  const endAt = healAt + CLOSE_BOUND_MS + 1_000;

  // The commands: bids of every kind until the last end, a quarter of them in the last half second
  // before an auction's planned end (sniping: soft-close extensions as the closer fires), a few
  // buy-it-now and cancellations.
  for (let n = 1; n <= params.commands; n++) {
    const auctionId = workload.pick(auctionIds);
    const bidderId = workload.pick(bidderIds);
    const roll = workload.next();
    const amount = 100 + 10 * workload.int(0, 80);
    const bidId = `${auctionId}/b${n}`;
    const command: AuctionCommand =
      roll < 0.6
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount, bidId } }
        : roll < 0.95
          ? { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } }
          : roll < 0.98
            ? { type: 'BuyNow', data: { auctionId, buyerId: bidderId } }
            : { type: 'CancelAuction', data: { auctionId, by: 'seller' } };
    const key =
      command.type === 'PlaceBid' || command.type === 'SetMaxBid'
        ? bidId
        : `${command.type} ${auctionId} #${n}`;
    const at = workload.chance(0.25)
      ? Math.max(300, (plannedEnds.get(auctionId) as number) - workload.int(0, 500))
      : workload.int(300, healAt);
    time.scheduler.setTimeout(() => clients.send(command, key), at);
  }

  // The faults of processes, clocks and connections.
  const chaos = prng.fork('chaos');
  for (let n = 0; n < params.crashes; n++) {
    const victim = chaos.int(0, params.instances - 1);
    const downMs = chaos.int(500, 6_000);
    time.scheduler.setTimeout(
      () => {
        if (!world.faults.on) return;
        (instances[victim] as Instance).crash();
        time.scheduler.setTimeout(() => restart(victim), downMs);
      },
      chaos.int(1_000, Math.max(1_000, healAt - 2_000)),
    );
  }
  for (let n = 0; n < params.clockJumps; n++) {
    const jump = chaos.int(100, MAX_CLOCK_JUMP_MS);
    time.scheduler.setTimeout(
      () => {
        if (!world.faults.on) return;
        time.jump(jump);
        trace.add(`clock jumped ${jump} ms@${time.now()}`);
      },
      chaos.int(500, healAt),
    );
  }
  for (let n = 0; n < params.disconnects; n++) {
    const pick = chaos.int(0, 99);
    const downMs = chaos.int(50, 3_000);
    time.scheduler.setTimeout(() => feed.disconnect(pick, downMs), chaos.int(500, healAt));
  }
  let healedWall = Number.POSITIVE_INFINITY;
  time.scheduler.setTimeout(() => {
    world.faults.on = false;
    healedWall = time.clock();
    trace.add(`healed@${time.now()}`);
    for (let i = 0; i < instances.length; i++) restart(i);
  }, healAt);

  const checkStreams = async (): Promise<void> => {
    for (const streamName of [...dirty]) {
      dirty.delete(streamName);
      const { events } = await world.database.readStream(streamName);
      const problem = checkAuctionHistory(events);
      if (problem !== null) world.violate('history', `${streamName}: ${problem}`);
      clients.checkStream(streamName, events);
    }
  };

  const finalChecks = async (): Promise<void> => {
    const versions = new Map<string, number>();
    for (const auctionId of auctionIds) {
      const streamName = auctionStreamName(auctionId);
      const { events } = await world.database.readStream(streamName);
      if (events.length === 0) continue;
      versions.set(streamName, events.length);
      clients.checkStream(streamName, events);
      closedInTime(world, streamName, events, healedWall);
    }
    for (const stream of parts.audit.behind(versions))
      world.violate('processor-handled-all', `sim-audit did not handle every event: ${stream}`);
    feed.finalCheck();
  };

  let steps = 0;
  try {
    for (;;) {
      if (!time.runNext(endAt)) {
        await settle();
        if (!time.runNext(endAt)) break;
      }
      steps++;
      await settle();
      await checkStreams();
      if (violations.length > 0) break;
    }
    if (violations.length === 0) {
      time.advanceTo(endAt);
      steps++;
      trace.add(`end@${time.now()}`);
      await finalChecks();
    }
  } finally {
    // Nothing of this run may run on: every process dies, every client's timer is dropped.
    for (const instance of instances) instance.crash();
  }
  await settle();
  const violation = violations[0];
  return violation === undefined
    ? { params, steps, traceHash: trace.hash() }
    : {
        params,
        violation: { ...violation, step: steps, at: time.now(), trace: trace.tail() },
        steps,
        traceHash: trace.hash(),
      };
};

/** Each auction whose end has passed is closed (or cancelled), once, within the bound after its end. */
const closedInTime = (
  world: World,
  streamName: string,
  events: readonly RecordedEvent[],
  healedWall: number,
): void => {
  const opened = events[0]?.data as { endsAt: number } | undefined;
  if (opened === undefined) return;
  let endsAt = opened.endsAt;
  let closedAt: number | undefined;
  for (const event of events) {
    const data = event.data as { at: number; endsAt?: number };
    if (event.type === 'AuctionExtended') endsAt = data.endsAt as number;
    if (event.type === 'AuctionClosed' || event.type === 'AuctionCancelled') closedAt = data.at;
  }
  const due = Math.max(endsAt, healedWall) + CLOSE_BOUND_MS;
  if (closedAt === undefined) {
    if (world.time.clock() >= due)
      world.violate('closed-on-time', `${streamName} ended at ${endsAt - SIM_EPOCH} and is still open`);
  } else if (closedAt > due)
    world.violate(
      'closed-on-time',
      `${streamName} ended at ${endsAt - SIM_EPOCH} and closed only at ${closedAt - SIM_EPOCH}`,
    );
};
