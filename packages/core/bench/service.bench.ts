/**
 * Command handling benchmark (issue 3): the service (per-stream cache, per-auction queue, group commit)
 * against an Emmett-style handler that replays the stream per command, both on the in-memory store.
 * Run with `pnpm --filter @gavel/core bench -- service` (add `--quick` for a 10% run).
 */
import type { AuctionCommand } from '../src/auction/commands';
import { createAuctionService } from '../src/commandHandling/createAuctionService';
import { getInMemoryEventStore } from '../src/eventStore/inMemoryEventStore';
import { createReplayingHandler, fmt, machine, median, openCommand, T0, timed } from './serviceBenchSupport';

const clock = (): number => T0 + 1_000;
let bidSeq = 0;

/** A straight bid, with a fresh bidId as a client would send. */
const bid = (auctionId: string, bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId, bidderId, amount, bidId: `bench-${bidSeq++}` },
});

/** Anything that answers a command with ok and the view after it. */
type Handler = (
  command: AuctionCommand,
) => Promise<{ readonly ok: boolean; readonly view?: { readonly minimumNextBid: number | null } | null }>;

/** A service, or the peer, on a fresh store with auctions opened. */
const setup = async (peer: boolean, auctionIds: readonly string[]) => {
  const store = getInMemoryEventStore();
  const handler: Handler = peer
    ? createReplayingHandler(store, clock)
    : createAuctionService({ store, clock }).execute;
  for (const auctionId of auctionIds) await handler(openCommand(auctionId));
  return handler;
};

/**
 * Sequential bids, each at the minimum next bid from the previous answer's view, so every one is
 * accepted (two bidders alternating, over `auctionIds` round-robin). Returns commands/s.
 */
const sequential = async (
  handler: Handler,
  auctionIds: readonly string[],
  count: number,
): Promise<number> => {
  const minimum = new Map(auctionIds.map((id) => [id, 100]));
  const seconds = await timed(async () => {
    for (let i = 0; i < count; i++) {
      const auctionId = auctionIds[i % auctionIds.length] as string;
      const bidder = Math.floor(i / auctionIds.length) % 2 === 0 ? 'alice' : 'bob';
      const answer = await handler(bid(auctionId, bidder, minimum.get(auctionId) as number));
      if (!answer.ok) throw new Error(`a sequential bid was rejected: ${JSON.stringify(answer)}`);
      minimum.set(auctionId, answer.view?.minimumNextBid as number);
    }
  });
  return count / seconds;
};

/** 32 concurrent callers over 2 instances on one store, all bidding on one auction. */
const concurrent = async (peer: boolean, count: number) => {
  const store = getInMemoryEventStore();
  const services = [0, 1].map(() => createAuctionService({ store, clock }));
  const handlers: Handler[] = peer
    ? [0, 1].map(() => createReplayingHandler(store, clock))
    : services.map((service) => service.execute);
  await (handlers[0] as Handler)(openCommand('hot32'));
  const callers = 32;
  const perCaller = Math.ceil(count / callers);
  let amount = 100;
  let accepted = 0;
  const seconds = await timed(async () => {
    await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        // Each caller is one bidder, as one client's session would be.
        const bidderId = `caller-${caller}`;
        for (let i = 0; i < perCaller; i++) {
          amount += 10_000;
          const answer = await (handlers[caller % 2] as Handler)({
            type: 'SetMaxBid',
            data: {
              auctionId: 'hot32',
              bidderId,
              maxAmount: amount,
              bidId: `c32-${bidSeq++}`,
            },
          });
          if (answer.ok) accepted++;
        }
      }),
    );
  });
  const stats = services.map((service) => service.stats());
  const sum = (key: 'batches' | 'batchedCommands' | 'conflicts' | 'exhausted') =>
    stats.reduce((total, stat) => total + stat[key], 0);
  return {
    perSecond: (callers * perCaller) / seconds,
    accepted: accepted / (callers * perCaller),
    meanBatch: sum('batchedCommands') / Math.max(1, sum('batches')),
    maxBatch: Math.max(...stats.map((stat) => stat.maxBatchSize)),
    conflicts: sum('conflicts'),
    exhausted: sum('exhausted'),
  };
};

/** The events every store holds before a cost round is timed, whatever the measured stream's length. */
const STORE_EVENTS = 100_000;

/** Appends bids to `auctionId` through `service` until its stream holds `events` events. Returns the next minimum. */
const fill = async (
  service: ReturnType<typeof createAuctionService>,
  auctionId: string,
  events: number,
): Promise<number> => {
  await service.execute(openCommand(auctionId));
  let minimum = 100;
  for (let i = 1; i < events; i++) {
    const answer = await service.execute(bid(auctionId, i % 2 === 0 ? 'alice' : 'bob', minimum));
    if (!answer.ok) throw new Error('prefill rejected');
    minimum = answer.view.minimumNextBid as number;
  }
  return minimum;
};

/**
 * µs per command on an auction whose stream already holds `prefill` events (cache warm for the
 * service). The store holds {@link STORE_EVENTS} events either way (the rest in another auction), so
 * the two lengths compare streams, not heaps: a bigger heap alone costs more per command here, as
 * new memory pages are costly on this machine.
 */
const costWithHistory = async (peer: boolean, prefill: number, count: number): Promise<number> => {
  const store = getInMemoryEventStore();
  const filler = createAuctionService({ store, clock });
  if (prefill < STORE_EVENTS) await fill(filler, 'other', STORE_EVENTS - prefill);
  let minimum = await fill(filler, 'long', prefill);
  const handler: Handler = peer ? createReplayingHandler(store, clock) : filler.execute;
  let bidder = prefill % 2;
  const seconds = await timed(async () => {
    for (let i = 0; i < count; i++) {
      const answer = await handler(bid('long', bidder === 0 ? 'alice' : 'bob', minimum));
      bidder = 1 - bidder;
      if (!answer.ok) throw new Error('a bid on the long stream was rejected');
      minimum = answer.view?.minimumNextBid as number;
    }
  });
  return (seconds / count) * 1e6;
};

const rounds = async <T>(times: number, run: () => Promise<T>): Promise<T[]> => {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
};

const main = async (): Promise<void> => {
  const scale = process.argv.includes('--quick') ? 0.1 : 1;
  const n = (value: number): number => Math.max(1, Math.round(value * scale));
  const auctions = Array.from({ length: 1_000 }, (_, i) => `rr-${i}`);

  await sequential(await setup(false, ['warm']), ['warm'], n(50_000));
  const hot = median(
    await rounds(5, async () => sequential(await setup(false, ['hot']), ['hot'], n(200_000))),
  );
  const hotPeer = median(
    await rounds(3, async () => sequential(await setup(true, ['hot']), ['hot'], n(2_000))),
  );
  const conc = (await rounds(3, () => concurrent(false, n(200_000)))).sort(
    (a, b) => a.perSecond - b.perSecond,
  )[1];
  const concPeer = median(
    (await rounds(3, () => concurrent(true, n(500)))).map((result) => result.perSecond),
  );
  const rr = median(
    await rounds(3, async () => sequential(await setup(false, auctions), auctions, n(200_000))),
  );
  const rrPeer = median(
    await rounds(3, async () => sequential(await setup(true, auctions), auctions, n(20_000))),
  );
  // The two history lengths alternate, round by round, so that a slow spell of the machine weighs on
  // both; the ratio is the median of each round's own ratio.
  const costs = await rounds(7, async () => {
    const short = await costWithHistory(false, 100, n(100_000));
    return { short, long: await costWithHistory(false, 100_000, n(100_000)) };
  });
  const cost2 = median(costs.map((cost) => cost.short));
  const cost5 = median(costs.map((cost) => cost.long));
  const costRatio = median(costs.map((cost) => cost.long / cost.short));
  const peer2 = median(await rounds(3, () => costWithHistory(true, 100, n(5_000))));
  const peer5 = median(await rounds(3, () => costWithHistory(true, 100_000, n(50))));
  if (conc === undefined) throw new Error('no concurrent result');

  const row = (label: string, service: number, peer: number, digits = 0) =>
    `| ${label} | ${fmt(service, digits)} | ${fmt(peer, digits)} | ${fmt(Math.max(service, peer) / Math.min(service, peer), 0)}× |`;
  console.log(`Machine: ${machine()}${scale < 1 ? ' (quick run: 10% sizes)' : ''}\n`);
  console.log('| scenario | service | peer: replay per command | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(row('hot auction, 1 caller, sequential (commands/s)', hot, hotPeer));
  console.log(row('hot auction, 32 callers over 2 instances (commands/s)', conc.perSecond, concPeer));
  console.log(row('1 000 auctions round-robin, 1 caller (commands/s)', rr, rrPeer));
  console.log(row('µs per command, 1e2 events in the stream', cost2, peer2, 2));
  console.log(row('µs per command, 1e5 events in the stream', cost5, peer5, 2));
  console.log(
    `| cost 1e5 / cost 1e2, median of the rounds' ratios (target ≤ 1.3) | ${fmt(costRatio, 2)} | ${fmt(peer5 / peer2, 0)} | |`,
  );
  console.log(
    `\n32 callers over 2 instances: ${fmt(conc.accepted * 100, 1)}% accepted, mean batch ${fmt(conc.meanBatch, 1)} ` +
      `commands, max batch ${conc.maxBatch}, ${conc.conflicts} conflicts (batches re-decided), ` +
      `${conc.exhausted} CONFLICT_RETRY_EXHAUSTED.`,
  );
  console.log(
    `Targets: hot ≥ 300 000 commands/s: ${hot >= 300_000 ? 'met' : 'NOT met'}; ` +
      `1e5/1e2 ≤ 1.3: ${costRatio <= 1.3 ? 'met' : 'NOT met'}`,
  );
};

await main();
