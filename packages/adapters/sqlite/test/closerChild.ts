/**
 * A child process running one auction closer over the SQLite file: it prints `started <openAuctions>`
 * once the closer has caught up, `error <code> <attempt>` for every failure it handled, and, after
 * `stop` on stdin, `stats <json>` before exiting. The test may instead kill it with SIGKILL.
 * Usage: node --import tsx closerChild.ts <path> [maxConcurrentCloses] [partitions] [leaseMs]
 */
import { getSqliteEventStore } from '@gavel/sqlite';
import { createAuctionCloser, createAuctionService } from './core';

const [path, maxConcurrentText, partitionsText, leaseText] = process.argv.slice(2) as [
  string,
  string?,
  string?,
  string?,
];
const numberOr = (text: string | undefined, fallback: number): number =>
  text === undefined || text === '' ? fallback : Number(text);
const store = getSqliteEventStore({ path, pollIntervalMs: 20 });
const service = createAuctionService({ store });
const closer = createAuctionCloser({
  store,
  service,
  maxConcurrentCloses: numberOr(maxConcurrentText, 64),
  partitions: numberOr(partitionsText, 16),
  leaseMs: numberOr(leaseText, 2_000),
  retry: { initialDelayMs: 20, maxDelayMs: 500 },
  onError: (error) => process.stdout.write(`error ${error.code} ${error.attempt}\n`),
});
await closer.start();
process.stdout.write(`started ${closer.stats().openAuctions}\n`);
// Which partitions this process watches, as they change (takeovers).
let owned = '';
setInterval(() => {
  const now = closer.stats().partitionsOwned.join(',');
  if (now === owned) return;
  owned = now;
  process.stdout.write(`partitions ${now}\n`);
}, 50).unref();
let input = '';
process.stdin.setEncoding('utf8').on('data', async (chunk: string) => {
  input += chunk;
  if (!input.includes('stop\n')) return;
  await closer.stop();
  const stats = closer.stats();
  process.stdout.write(`stats ${JSON.stringify({ ...stats, position: String(stats.position) })}\n`);
  await store.close();
  process.exit(0);
});
