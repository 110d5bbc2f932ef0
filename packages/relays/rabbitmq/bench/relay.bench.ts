/**
 * The RabbitMQ relay's benchmark: `pnpm --filter @gavel/rabbitmq bench` (a RabbitMQ at
 * GAVEL_RABBITMQ_URL, default `amqp://guest:guest@127.0.0.1:5672`; `BENCH_QUICK=1` for a short run).
 *
 * 1. Throughput: a relay (1 partition, batches of 100) publishing a pre-filled SQLite store of
 *    BENCH_EVENTS (100 000) events of BENCH_AUCTIONS (1 000) interleaved auctions to a topic exchange
 *    with a quorum queue bound, from `start()` to its resolve (every event confirmed and checkpointed),
 *    against amqplib's confirm channel publishing the same messages, built beforehand and pipelined the
 *    same way (`baselinePublish.ts`), from its connect to the last confirm. Runs alternate; BENCH_RUNS
 *    (3) of each. Then the same for one hot auction of BENCH_HOT_EVENTS (5 000) events.
 * 2. Latency: `recordedAt` → the consumer's handler, under the auction house's load script
 *    (`loadLatency.ts`), BENCH_LOAD_SECONDS (10) with its default 100 bidders, 500 watchers and 100
 *    auctions, the relay's store polling every BENCH_POLL_MS (10) ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSqliteEventStore } from '@gavel/sqlite';
import { connect } from 'amqplib';
import { createRabbitMqRelay } from '../src/index';
import { recordedEventMessage } from '../src/message/recordedEventMessage';
import { baselinePublish } from './baselinePublish';
import { buildBenchStore } from './benchStore';
import { measureLoadLatency } from './loadLatency';

const QUICK = process.env.BENCH_QUICK === '1';
const URL = process.env.GAVEL_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const setting = (name: string, full: number, quick: number): number =>
  Number(process.env[name] ?? (QUICK ? quick : full));
const EVENTS = setting('BENCH_EVENTS', 100_000, 10_000);
const AUCTIONS = setting('BENCH_AUCTIONS', 1_000, 200);
const HOT_EVENTS = setting('BENCH_HOT_EVENTS', 5_000, 1_000);
const RUNS = setting('BENCH_RUNS', 3, 1);
const LOAD_SECONDS = setting('BENCH_LOAD_SECONDS', 10, 3);
const POLL_MS = setting('BENCH_POLL_MS', 10, 10);
const BATCH = 100;
const LOAD_ARGS = QUICK ? ['--bidders', '30', '--watchers', '30', '--auctions', '30'] : [];

const dir = mkdtempSync(join(tmpdir(), 'gavel-rabbitmq-bench-'));
const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** A fresh exchange with a quorum queue bound to it; removes both when `remove` is called. */
const declare = async (what: string) => {
  const model = await connect(URL);
  const channel = await model.createChannel();
  const name = `gavel.bench.${what}.${randomUUID().slice(0, 8)}`;
  await channel.assertExchange(name, 'topic', { durable: true });
  await channel.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(name, name, '#');
  return {
    name,
    count: async (): Promise<number> => (await channel.checkQueue(name)).messageCount,
    remove: async (): Promise<void> => {
      await channel.deleteQueue(name);
      await channel.deleteExchange(name);
      await model.close();
    },
  };
};

/** Events per second of the relay and of the baseline over one store, runs alternating. */
const throughput = async (label: string, path: string, events: number) => {
  const store = getSqliteEventStore({ path });
  const recorded = [];
  for await (const message of store.subscribe({ fromPosition: 0n })) {
    if (message.type === 'caught-up') break;
    if (message.type === 'event') recorded.push(message.event);
  }
  const messages = recorded.map(recordedEventMessage);
  if (messages.length !== events) throw new Error(`expected ${events} events, read ${messages.length}`);
  const rows: { kind: string; seconds: number; perSecond: number }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    for (const kind of ['baseline', 'relay'] as const) {
      const target = await declare(kind);
      const t0 = performance.now();
      if (kind === 'baseline') await baselinePublish(URL, target.name, messages, BATCH);
      else {
        const relay = createRabbitMqRelay({
          store,
          connection: URL,
          exchange: target.name,
          name: target.name,
          batchSize: BATCH,
        });
        await relay.start();
        const published = relay.stats().published;
        await relay.stop();
        if (published !== events) throw new Error(`the relay published ${published} of ${events}`);
      }
      const seconds = (performance.now() - t0) / 1000;
      const queued = await target.count();
      await target.remove();
      if (queued !== events) throw new Error(`${kind}: the queue holds ${queued} of ${events}`);
      rows.push({ kind, seconds, perSecond: events / seconds });
      say(
        `${label} run ${run} ${kind}: ${(events / seconds).toFixed(0)} events/s (${seconds.toFixed(2)} s), load ${loadavg()[0]?.toFixed(1)}`,
      );
    }
  }
  await store.close();
  const median = (kind: string): number => {
    const values = rows
      .filter((row) => row.kind === kind)
      .map((row) => row.perSecond)
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] as number;
  };
  return {
    label,
    events,
    rows,
    relay: median('relay'),
    baseline: median('baseline'),
    ratio: median('relay') / median('baseline'),
  };
};

try {
  say(
    `relay bench${QUICK ? ' (quick)' : ''}: ${EVENTS} events of ${AUCTIONS} auctions, ${HOT_EVENTS} of one, ${RUNS} runs; RabbitMQ at ${URL.replace(/\/\/[^@]*@/, '//')}`,
  );
  const manyPath = join(dir, 'many.db');
  const hotPath = join(dir, 'hot.db');
  let t0 = performance.now();
  const written = await buildBenchStore(manyPath, AUCTIONS, Math.ceil(EVENTS / AUCTIONS));
  say(`built ${written} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  await buildBenchStore(hotPath, 1, HOT_EVENTS);
  say(`built ${HOT_EVENTS} events of one auction in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const many = await throughput(`${AUCTIONS} auctions`, manyPath, written);
  const hot = await throughput('1 auction', hotPath, HOT_EVENTS);
  const latency = await measureLoadLatency({
    url: URL,
    path: join(dir, 'load.db'),
    exchange: `gavel.bench.load.${randomUUID().slice(0, 8)}`,
    queue: `gavel.bench.load.${randomUUID().slice(0, 8)}`,
    seconds: LOAD_SECONDS,
    loadArgs: LOAD_ARGS,
    pollIntervalMs: POLL_MS,
  });
  const summary = {
    quick: QUICK,
    loadAverage: loadavg(),
    throughput: [many, hot].map(({ label, events, relay, baseline, ratio }) => ({
      label,
      events,
      relay,
      baseline,
      ratio,
    })),
    latency,
  };
  console.log('| store | events | relay events/s (median) | amqplib baseline events/s (median) | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of summary.throughput)
    console.log(
      `| ${row.label} | ${row.events} | ${row.relay.toFixed(0)} | ${row.baseline.toFixed(0)} | ${row.ratio.toFixed(2)} |`,
    );
  console.log('');
  console.log(
    `latency append → consumer's handler under the load script (${latency.seconds} s, ${latency.loadSummary}): ${latency.events} events, taken ${latency.taken}, dropped ${latency.dropped}; p50 ${latency.p50} ms, p90 ${latency.p90} ms, p99 ${latency.p99} ms, max ${latency.max} ms`,
  );
  console.log(JSON.stringify(summary));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
