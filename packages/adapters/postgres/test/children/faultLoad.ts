/**
 * The load of the PostgreSQL fault suite, in a process of its own (so that the suite sees whether a
 * fault crashes it): `CALLERS` callers bid through `createAuctionService` on `AUCTIONS` auctions
 * (`auctionId` = `${RUN}-${n}`, already open), and a subscription to the `auction` category runs beside.
 * A bid whose `execute` rejects (a store failure) is sent again with the same `bidId` after 50 ms, until
 * it is answered: retrying with the same `bidId` is exact.
 *
 * env: GAVEL_PG_URL, SCHEMA, RUN, AUCTIONS, CALLERS, TIMEOUT_MS, PAUSE_MS (between a caller's bids).
 * stdout, one JSON object a line:
 * - `{"ready":true}` once the store answers;
 * - `{"a":[bidId, ok, code, ms, at]}` per answer (`ok` true: accepted, also as a duplicate);
 * - `{"e":[bidId, code, mayHaveWritten, ms, at, typed]}` per rejected `execute` (`typed`: an EventStoreError);
 * - at the end (after a line `stop` on stdin, every caller's last bid answered):
 *   `{"subscription":[…global positions delivered, in order], "duplicates":n}` and `{"done":true}`.
 */
import {
  auctionStreamName,
  createAuctionService,
  type ExecuteResult,
  isEventStoreError,
  type RecordedEvent,
} from '@gavel/core';
import { getPostgresEventStore } from '../../src/index';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const run = env('RUN');
const auctions = Number(env('AUCTIONS'));
const callers = Number(env('CALLERS'));
const timeoutMs = Number(env('TIMEOUT_MS'));
const pauseMs = Number(process.env.PAUSE_MS ?? '5');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const store = getPostgresEventStore({
  connectionString: env('GAVEL_PG_URL'),
  schema: env('SCHEMA'),
  timeoutMs,
  poolSize: 10,
});
const service = createAuctionService({ store, timeoutMs });

// The subscription, from the start of the store: every auction event, once, in order.
const delivered: RecordedEvent[] = [];
const seen = new Set<bigint>();
let duplicates = 0;
const stopSubscription = new AbortController();
const subscription = (async () => {
  for await (const message of store.subscribe({ category: 'auction', signal: stopSubscription.signal })) {
    if (message.type !== 'event') continue;
    if (seen.has(message.event.globalPosition)) duplicates++;
    seen.add(message.event.globalPosition);
    delivered.push(message.event);
  }
})();

let stopping = false;
process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
  if (chunk.includes('stop')) stopping = true;
});

/** Sends one bid until it is answered (a rejected execute is retried with the same bidId). */
const bidUntilAnswered = async (
  bidId: string,
  command: Parameters<typeof service.execute>[0],
): Promise<ExecuteResult> => {
  for (;;) {
    const started = performance.now();
    try {
      const result = await service.execute(command);
      print({
        a: [
          bidId,
          result.ok,
          result.ok ? null : result.code,
          Math.round(performance.now() - started),
          Date.now(),
        ],
      });
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code ?? null;
      const mayHaveWritten = (error as { mayHaveWritten?: unknown }).mayHaveWritten ?? null;
      print({
        e: [
          bidId,
          code,
          mayHaveWritten,
          Math.round(performance.now() - started),
          Date.now(),
          isEventStoreError(error),
        ],
      });
      await sleep(50);
    }
  }
};

const minimum = new Map<string, number>();
const caller = async (c: number): Promise<void> => {
  const bidderId = `bidder-${c}`;
  for (let i = 0; !stopping; i++) {
    const auctionId = `${run}-${(c + i * callers) % auctions}`;
    const bidId = `${run}-${c}-${i}`;
    const floor = minimum.get(auctionId) ?? 100;
    const amount = floor + Math.floor(Math.random() * 3) * 50;
    const result = await bidUntilAnswered(
      bidId,
      i % 3 === 0
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount + 200, bidId } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } },
    );
    const next = result.view?.minimumNextBid;
    if (typeof next === 'number' && next > (minimum.get(auctionId) ?? 0)) minimum.set(auctionId, next);
    if (pauseMs > 0) await sleep(pauseMs);
  }
};

await store.readStream(auctionStreamName(`${run}-0`));
print({ ready: true });
await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));

// Wait until the subscription has delivered every event of the auctions (it may be backing off).
const expected = new Set<bigint>();
for (let n = 0; n < auctions; n++)
  for (const event of (await store.readStream(auctionStreamName(`${run}-${n}`))).events)
    expected.add(event.globalPosition);
const deadline = Date.now() + 15_000;
while ([...expected].some((position) => !seen.has(position)) && Date.now() < deadline) await sleep(50);
stopSubscription.abort();
await subscription;
print({
  subscription: delivered
    .filter((event) => event.streamName.startsWith(`auction-${run}-`))
    .map((event) => event.globalPosition.toString()),
  duplicates,
});
await store.close();
print({ done: true });
