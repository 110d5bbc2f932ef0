/**
 * The NATS relay's benchmark: `pnpm --filter @gavel/nats bench` (BENCH_QUICK=1 or `--quick` for a short
 * run that proves it works; `--json <file>` or BENCH_JSON for the numbers).
 *
 * 1. Throughput: a SQLite store pre-filled with BENCH_EVENTS events (100 000; quick 10 000) over
 *    BENCH_AUCTIONS auctions (1 000; quick 200), their bids interleaved as many auctions' bids are,
 *    cached between runs. A JetStream server of the bench's own (a free port, a temporary folder). Per
 *    round, in this order: the plain script (the same messages, read from the store beforehand, published
 *    with `js.publish` in batches of 100 in global order, each auction's one after the other and the
 *    auctions' in flight together: the relay's own way, without the processor), the relay with 1
 *    partition, the relay with 4; each into a new stream. Target: relay (1 partition) ≥ 0.8 × the plain script.
 * 2. Latency: the auction house under its load script (`examples/auction-house/scripts/load.ts --store`,
 *    a SQLite file of its own), a relay in this process on the same file (polling it every 5 ms) and a
 *    durable consumer: from each event's `recordedAt` (the append's commit) to the consumer's handler,
 *    p50/p99 over the events of the run. Target: p99 ≤ 50 ms. BENCH_SECONDS (20; quick 4),
 *    BENCH_BIDDERS (100; quick 20), BENCH_WATCHERS (100; quick 10), BENCH_LOAD_AUCTIONS (100; quick 20).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AuctionState,
  auctionToken,
  decide,
  evolve,
  increments,
  initialState,
  minimumNextBid,
  type RecordedEvent,
  recordedEventToJson,
} from '@gavel/core';
import { openAuctionCommand } from '@gavel/core/testing';
import { getSqliteEventStore } from '@gavel/sqlite';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, nanos } from '@nats-io/transport-node';
import {
  fixed,
  loadAverage,
  machineLine,
  markdownTable,
  medianAndRange,
  percentile,
  quick,
  sizeSetting,
  spread,
  whole,
  writeJsonResults,
} from '../../../core/bench/benchRuns';
import { consumeAuctionEvents, createNatsRelay } from '../src/index';
import { startNatsServer } from '../test/natsServer';

const settings = {
  events: sizeSetting('events', 'BENCH_EVENTS', 100_000, 10_000),
  auctions: sizeSetting('auctions', 'BENCH_AUCTIONS', 1_000, 200),
  rounds: sizeSetting('rounds', 'BENCH_ROUNDS', 5, 2),
  seconds: sizeSetting('seconds', 'BENCH_SECONDS', 20, 4),
  bidders: sizeSetting('bidders', 'BENCH_BIDDERS', 100, 20),
  watchers: sizeSetting('watchers', 'BENCH_WATCHERS', 100, 10),
  loadAuctions: sizeSetting('load-auctions', 'BENCH_LOAD_AUCTIONS', 100, 20),
  batch: sizeSetting('batch', 'BENCH_BATCH', 100, 100),
};
const BATCH = settings.batch;
const cache = process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'gavel-nats-bench');
const say = (line: string): void => console.log(line);

/** The least a bid may be now (the starting price before the first bid). */
const nextBid = (state: AuctionState): number => minimumNextBid(state) ?? 100;

/** The store of `events` events: `auctions` auctions opened, then rounds of one bid on each. */
const filledStore = async (): Promise<string> => {
  mkdirSync(cache, { recursive: true });
  const path = join(cache, `store-${settings.events}-${settings.auctions}.db`);
  const done = `${path}.done`;
  if (existsSync(done)) return path;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  const store = getSqliteEventStore({ path });
  const started = Date.now();
  const states: AuctionState[] = [];
  const ids = Array.from({ length: settings.auctions }, (_, i) => `lot ${i}.bench`);
  const now = Date.UTC(2026, 11, 1);
  let written = 0;
  for (let round = 0; written < settings.events; round++) {
    const before = written;
    await Promise.all(
      ids.map(async (auctionId, i) => {
        if (written >= settings.events) return;
        const state = states[i] ?? initialState();
        const at = now + round;
        // Three bidders take turns; the leader never bids against itself.
        const turn = `b${round % 3}`;
        const bidderId = state.leader?.bidderId === turn ? `b${(round + 1) % 3}` : turn;
        const decision =
          round === 0
            ? decide(
                openAuctionCommand(auctionId, {
                  startsAt: at,
                  endsAt: now + 86_400_000,
                  increments: increments.ebayUsd,
                }),
                state,
                at,
              )
            : decide(
                round % 3 === 0
                  ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: nextBid(state) + 500 } }
                  : { type: 'PlaceBid', data: { auctionId, bidderId, amount: nextBid(state) } },
                state,
                at,
              );
        if (!decision.ok) return;
        written += decision.events.length;
        states[i] = decision.events.reduce(evolve, state);
        await store.appendToStream(`auction-${auctionId}`, decision.events, {
          expectedVersion: round === 0 ? 'no_stream' : 'any',
        });
      }),
    );
    if (written === before) throw new Error(`the bench's bids were all refused in round ${round}`);
  }
  await store.close();
  writeFileSync(done, `${written}\n`);
  say(`built ${path}: ${written} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return path;
};

const server = await startNatsServer('bench');
const connection = await connect({ servers: server.url });
const jsm = await jetstreamManager(connection);
const js = jetstream(connection);

const freshStream = async (name: string, prefix: string): Promise<void> => {
  await jsm.streams.delete(name).catch(() => false);
  await jsm.streams.add({ name, subjects: [`${prefix}.>`], duplicate_window: nanos(120_000) });
};

/** The plain script: every message built beforehand, published as the relay does, without a processor. */
const plainScript = async (events: readonly RecordedEvent[]): Promise<number> => {
  await freshStream('PLAIN', 'plain');
  const messages = events.map((event) => ({
    stream: event.streamName,
    subject: `plain.${event.type}.${auctionToken(event.streamName.slice(8))}`,
    id: `${event.streamName}@${event.streamVersion}`,
    version: String(event.streamVersion),
    position: String(event.globalPosition),
    body: JSON.stringify(recordedEventToJson(event)),
  }));
  const started = performance.now();
  for (let at = 0; at < messages.length; at += BATCH) {
    const byAuction = new Map<string, typeof messages>();
    for (const message of messages.slice(at, at + BATCH))
      byAuction.set(message.stream, [...(byAuction.get(message.stream) ?? []), message]);
    await Promise.all(
      [...byAuction.values()].map(async (chain) => {
        for (const message of chain) {
          const h = headers();
          h.set('Gavel-Stream', message.stream);
          h.set('Gavel-Version', message.version);
          h.set('Gavel-Position', message.position);
          await js.publish(message.subject, message.body, {
            msgID: message.id,
            headers: h,
            expect: { streamName: 'PLAIN' },
          });
        }
      }),
    );
  }
  return performance.now() - started;
};

/** The relay from the store's start to its end into a new stream (a processor of a new name each run, its checkpoints in the file). */
const relayRun = async (path: string, partitions: number, round: number): Promise<number> => {
  await jsm.streams.delete('RELAYED').catch(() => false);
  const store = getSqliteEventStore({ path });
  const relay = createNatsRelay({
    store,
    connection,
    stream: 'RELAYED',
    subjectPrefix: 'relayed',
    partitions,
    batchSize: BATCH,
    name: `bench-${partitions}-${round}-${Date.now()}`,
  });
  const started = performance.now();
  await relay.start();
  const ms = performance.now() - started;
  await relay.stop();
  await store.close();
  const stored = (await jsm.streams.info('RELAYED')).state.messages;
  if (stored !== settings.events)
    throw new Error(`the relay stored ${stored} messages, not ${settings.events}`);
  return ms;
};

const throughput = async (): Promise<Record<string, unknown>> => {
  const path = await filledStore();
  const reader = getSqliteEventStore({ path });
  const events: RecordedEvent[] = [];
  for await (const message of reader.subscribe({ fromPosition: 0n })) {
    if (message.type === 'caught-up') break;
    events.push(message.event);
  }
  await reader.close();
  const runs = { plain: [] as number[], relay1: [] as number[], relay4: [] as number[] };
  for (let round = 0; round <= settings.rounds; round++) {
    const plain = await plainScript(events);
    const relay1 = await relayRun(path, 1, round);
    const relay4 = await relayRun(path, 4, round);
    const rate = (ms: number) => (events.length / ms) * 1000;
    say(
      `round ${round}${round === 0 ? ' (warm-up)' : ''}: plain ${whole(rate(plain))}/s, relay 1 partition ${whole(rate(relay1))}/s, 4 partitions ${whole(rate(relay4))}/s`,
    );
    if (round === 0) continue;
    runs.plain.push(rate(plain));
    runs.relay1.push(rate(relay1));
    runs.relay4.push(rate(relay4));
  }
  const ratios = (of: number[]) => spread(of.map((value, i) => value / (runs.plain[i] as number)));
  const rows = [
    ['plain script (`js.publish`, same batches)', medianAndRange(spread(runs.plain)), '–'],
    [
      'relay, 1 partition',
      medianAndRange(spread(runs.relay1)),
      medianAndRange(ratios(runs.relay1), (v) => fixed(v, 2)),
    ],
    [
      'relay, 4 partitions',
      medianAndRange(spread(runs.relay4)),
      medianAndRange(ratios(runs.relay4), (v) => fixed(v, 2)),
    ],
  ];
  say(
    `\n${events.length} events over ${settings.auctions} auctions, ${settings.rounds} rounds after a warm-up:\n`,
  );
  say(
    markdownTable(['design', 'events/s, median (range)', '÷ plain, median of rounds (range)'], rows, [
      false,
      true,
      true,
    ]),
  );
  return { events: events.length, auctions: settings.auctions, runs };
};

/** The auction house under its load script, a relay on its file and a consumer: append → handler. */
const latency = async (): Promise<Record<string, unknown>> => {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-nats-latency-'));
  const path = join(dir, 'house.db');
  const house = fileURLToPath(new URL('../../../../examples/auction-house/', import.meta.url));
  const load = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/load.ts',
      '--store',
      `sqlite:${path}`,
      '--seconds',
      String(settings.seconds),
      '--bidders',
      String(settings.bidders),
      '--watchers',
      String(settings.watchers),
      '--auctions',
      String(settings.loadAuctions),
    ],
    { cwd: house, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let loadOutput = '';
  load.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    loadOutput += chunk;
  });
  load.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    loadOutput += chunk;
  });
  const loadDone = new Promise<number | null>((resolve) => load.once('exit', resolve));
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await freshStream('LATENCY', 'latency');
  const store = getSqliteEventStore({ path, pollIntervalMs: 5 });
  const relay = createNatsRelay({
    store,
    connection,
    stream: 'LATENCY',
    subjectPrefix: 'latency',
    partitions: 4,
  });
  await relay.start();
  const since = Date.now();
  const lags: number[] = [];
  const consumer = consumeAuctionEvents({
    connection,
    stream: 'LATENCY',
    durable: 'latency',
    handle: (event) => {
      if (event.recordedAt >= since) lags.push(Date.now() - event.recordedAt);
    },
  });
  await consumer.start();
  const code = await loadDone;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await consumer.stop();
  await relay.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the load script failed (${code}):\n${loadOutput}`);
  const p50 = percentile(lags, 0.5);
  const p99 = percentile(lags, 0.99);
  say(
    `\nLatency under the load script (${settings.bidders} bidders, ${settings.watchers} watchers, ${settings.loadAuctions} auctions, ${settings.seconds} s):`,
  );
  say(
    markdownTable(
      ['events', 'p50 ms', 'p99 ms', 'max ms'],
      [[whole(lags.length), fixed(p50), fixed(p99), fixed(Math.max(...lags))]],
      [true, true, true, true],
    ),
  );
  say(`\nthe load script said:\n${loadOutput.trim().split('\n').slice(-8).join('\n')}`);
  return { events: lags.length, p50, p99, max: Math.max(...lags) };
};

say(machineLine());
say(`settings: ${JSON.stringify(settings)}${quick ? ' (quick)' : ''}\n`);
try {
  const results = {
    settings,
    throughput: await throughput(),
    latency: await latency(),
    loadAverage: loadAverage(),
  };
  writeJsonResults(results);
} finally {
  await connection.close();
  await server.destroy();
}
