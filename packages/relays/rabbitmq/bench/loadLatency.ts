/**
 * Bench-only: end-to-end latency under the auction house's load script. The load script
 * (`examples/auction-house/scripts/load.ts --store sqlite:<file>`) runs the house in its own process
 * and bids over HTTP; this process runs a relay on the same SQLite file (its store polling the file
 * every `pollIntervalMs`, as a relay in another process than the writers does) and a consumer of a
 * quorum queue bound to the relay's exchange. Latency is each event's `recordedAt` (the store's clock
 * when it was appended) to the moment the consumer's handler runs (this machine's clock as well).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getSqliteEventStore } from '@gavel/sqlite';
import { connect } from 'amqplib';
import { createRabbitMqConsumer, createRabbitMqRelay } from '../src/index';

/** What one run of the load measured. */
export interface LoadLatency {
  readonly seconds: number;
  readonly loadSummary: string;
  readonly events: number;
  readonly taken: number;
  readonly dropped: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

const LOAD_SCRIPT = fileURLToPath(
  new URL('../../../../examples/auction-house/scripts/load.ts', import.meta.url),
);

/** Runs the load script for `seconds` against a fresh SQLite file, with the relay and a consumer on it. */
export const measureLoadLatency = async (options: {
  readonly url: string;
  readonly path: string;
  readonly exchange: string;
  readonly queue: string;
  readonly seconds: number;
  readonly loadArgs: readonly string[];
  readonly pollIntervalMs: number;
}): Promise<LoadLatency> => {
  const store = getSqliteEventStore({ path: options.path, pollIntervalMs: options.pollIntervalMs });
  const latencies: number[] = [];
  const consumer = createRabbitMqConsumer({
    connection: options.url,
    exchange: options.exchange,
    queue: options.queue,
    handle: ({ body }) => {
      latencies.push(Date.now() - (body as { recordedAt: number }).recordedAt);
    },
  });
  await consumer.start();
  const relay = createRabbitMqRelay({
    store,
    connection: options.url,
    exchange: options.exchange,
    name: options.queue,
  });
  await relay.start();
  const load = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      LOAD_SCRIPT,
      '--store',
      `sqlite:${options.path}`,
      '--seconds',
      String(options.seconds),
      ...options.loadArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('../../../../examples/auction-house/', import.meta.url)),
    },
  );
  let output = '';
  load.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  load.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => load.once('exit', resolve));
  if (code !== 0) throw new Error(`the load script failed (${code}):\n${output}`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const stats = relay.stats();
    if (stats.caughtUp && consumer.stats().taken + consumer.stats().dropped >= stats.published) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const published = relay.stats().published;
  await relay.stop();
  await consumer.stop();
  await store.close();
  const admin = await connect(options.url);
  const channel = await admin.createChannel();
  await channel.deleteQueue(options.queue);
  await channel.deleteExchange(options.exchange);
  await admin.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    seconds: options.seconds,
    loadSummary: output
      .split('\n')
      .filter((line) => /accepted bids\/s|bid latency/.test(line))
      .join(' | '),
    events: published,
    taken: consumer.stats().taken,
    dropped: consumer.stats().dropped,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
};
