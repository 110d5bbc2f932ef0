/**
 * The hot-auction and history-cost figures of `service.bench.ts`, measured on the core sources of any
 * checkout: `node --import tsx serviceHot.ts <path to packages/core/src> [--quick]`. Prints one JSON
 * line: `hot`, commands per second of wall time, and `hotCpu`, commands per second of this process's
 * CPU time (less sensitive to other processes on a loaded machine, which take wall time, not CPU time). `serviceCompare.ts` runs it on several checkouts in turn, to compare them side by side.
 */
import { pathToFileURL } from 'node:url';
// The command is plain data: this checkout's fixture serves whichever core is measured.
import { increments } from '../src/money/increments';
import { openAuctionCommand, TEST_AUCTION_START } from '../src/testing/openAuctionCommand';

interface Service {
  execute(command: unknown): Promise<{ ok: boolean; view?: { minimumNextBid: number | null } | null }>;
}

const root = process.argv[2];
if (root === undefined) throw new Error('usage: serviceHot.ts <path to packages/core/src> [--quick]');
const scale = process.argv.includes('--quick') ? 0.1 : 1;
const n = (value: number): number => Math.max(1, Math.round(value * scale));
const load = async (path: string) => import(pathToFileURL(`${root}/${path}`).href);
const { createAuctionService } = await load('commandHandling/createAuctionService.ts');
const { getInMemoryEventStore } = await load('eventStore/inMemoryEventStore.ts');

const T0 = TEST_AUCTION_START;
const clock = (): number => T0 + 1_000;
let bidSeq = 0;

const open = (auctionId: string) =>
  openAuctionCommand(auctionId, { endsAt: T0 + 31_536_000_000, increments: increments.ebayUsd });

const newService = (): Service => createAuctionService({ store: getInMemoryEventStore(), clock });

/** The minimum next bid of each auction, as the last answer gave it, and its bids so far. */
const minimums = new Map<string, number>();
const counts = new Map<string, number>();

/** CPU seconds used by this process so far (user and system, all threads). */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** `count` sequential bids on one auction, each the minimum next bid; returns the seconds taken. */
const bids = async (service: Service, auctionId: string, count: number): Promise<number> => {
  let minimum = minimums.get(auctionId) ?? 100;
  const first = counts.get(auctionId) ?? 0;
  const start = process.hrtime.bigint();
  for (let i = first; i < first + count; i++) {
    const answer = await service.execute({
      type: 'PlaceBid',
      data: {
        auctionId,
        bidderId: i % 2 === 0 ? 'alice' : 'bob',
        amount: minimum,
        bidId: `bench-${bidSeq++}`,
      },
    });
    if (!answer.ok) throw new Error('a bid was rejected');
    minimum = answer.view?.minimumNextBid as number;
  }
  minimums.set(auctionId, minimum);
  counts.set(auctionId, first + count);
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** µs per bid on a stream of `prefill` events, the store holding 100 000 events either way. */
const cost = async (prefill: number, count: number): Promise<number> => {
  minimums.clear();
  counts.clear();
  const service = newService();
  await service.execute(open('other'));
  await bids(service, 'other', n(100_000) - prefill);
  await service.execute(open('long'));
  await bids(service, 'long', prefill - 1);
  return ((await bids(service, 'long', count)) / count) * 1e6;
};

const warm = newService();
await warm.execute(open('warm'));
await bids(warm, 'warm', n(50_000));
const hot: number[] = [];
const hotCpu: number[] = [];
for (let round = 0; round < 5; round++) {
  const service = newService();
  minimums.clear();
  counts.clear();
  await service.execute(open('hot'));
  const cpu = cpuSeconds();
  hot.push(n(200_000) / (await bids(service, 'hot', n(200_000))));
  hotCpu.push(n(200_000) / (cpuSeconds() - cpu));
}
const ratios: number[] = [];
for (let round = 0; round < 3; round++) {
  const short = await cost(100, n(50_000));
  ratios.push((await cost(n(100_000), n(50_000))) / short);
}
console.log(
  JSON.stringify({ hot: median(hot), hotCpu: median(hotCpu), hotRounds: hot, ratio: median(ratios) }),
);
