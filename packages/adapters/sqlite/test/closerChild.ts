/**
 * A child process running one auction closer over the SQLite file: it prints `started <openAuctions>`
 * once the closer has caught up, `error <code> <attempt>` for every failure it handled, and, after
 * `stop` on stdin, `stats <json>` before exiting. The test may instead kill it with SIGKILL.
 * Usage: node --import tsx closerChild.ts <path> [maxConcurrentCloses]
 */
import { getSqliteEventStore } from '@gavel/sqlite';
import { createAuctionCloser, createAuctionService } from './core';

const [path, maxConcurrentText] = process.argv.slice(2) as [string, string?];
const store = getSqliteEventStore({ path, pollIntervalMs: 20 });
const service = createAuctionService({ store });
const closer = createAuctionCloser({
  store,
  service,
  maxConcurrentCloses: maxConcurrentText === undefined ? undefined : Number(maxConcurrentText),
  backoff: { baseDelayMs: 20, maxDelayMs: 500 },
  onError: (error) => process.stdout.write(`error ${error.code} ${error.attempt}\n`),
});
await closer.start();
process.stdout.write(`started ${closer.stats().openAuctions}\n`);
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
