/**
 * Bench-only, a child process of `startup.ts`: starts one part of the auction house alone on a SQLite
 * store, as the house does, and prints one JSON line of timings (ms) before stopping it cleanly (so that
 * the next run finds its partitions released):
 * - `closer`: `createAuctionCloser({ store, service }).start()` (16 partitions, the house's processor
 *   name): `openMs` opening the store, `startMs` from creating the closer until `start()` resolved;
 * - `catalog`: the house's catalog (`openStore` and `createCatalog`, its rows in the store's file):
 *   `startMs` from creating it until `start()` resolved (its partitions caught up);
 * - `feed`: `createAuctionFeed({ store, secret })` on a listening HTTP server, then a WebSocket client
 *   subscribing to `auctionId`: `startMs` from creating the feed until the auction's `snapshot` arrived
 *   (the snapshot waits for the feed's subscription to have started at the store's end).
 * Usage: node --import tsx componentStart.ts closer|catalog|feed <path> <auctionId>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuctionCloser, createAuctionService } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
import { createAuctionFeed } from '@gavel/websocket';
import pino from 'pino';
import WebSocket from 'ws';
import { openStore } from '../src/config/openStore';
import { createCatalog } from '../src/readModels/catalog/createCatalog';

const [part, path, auctionId] = process.argv.slice(2) as [string, string, string];

const rssMb = (): number =>
  Number(/VmRSS:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN) / 1024;

const closer = async (): Promise<Record<string, number>> => {
  const t0 = performance.now();
  const store = getSqliteEventStore({ path });
  const service = createAuctionService({ store });
  const t1 = performance.now();
  const closing = createAuctionCloser({ store, service });
  await closing.start();
  const t2 = performance.now();
  const result = {
    openMs: t1 - t0,
    startMs: t2 - t1,
    openAuctions: closing.stats().openAuctions,
    rssMb: rssMb(),
  };
  await closing.stop();
  await store.close();
  return result;
};

const catalog = async (): Promise<Record<string, number>> => {
  const t0 = performance.now();
  const opened = await openStore(`sqlite:${path}`);
  const t1 = performance.now();
  const folding = createCatalog({
    store: opened.store,
    storage: opened.catalog,
    logger: pino({ level: 'silent' }),
  });
  await folding.start();
  const t2 = performance.now();
  const result = { openMs: t1 - t0, startMs: t2 - t1, rssMb: rssMb() };
  await folding.stop();
  await opened.store.close();
  return result;
};

const feed = async (): Promise<Record<string, number>> => {
  const t0 = performance.now();
  const store = getSqliteEventStore({ path });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const t1 = performance.now();
  const live = createAuctionFeed({ store, secret: 'startup-bench' });
  live.attach(server);
  const socket = new WebSocket(`ws://127.0.0.1:${port}/feed`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', auctionId }));
    });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; auctionId?: string };
      if (message.type === 'snapshot' && message.auctionId === auctionId) resolve();
      else if (message.type === 'error') reject(new Error(`feed answered ${String(data)}`));
    });
    socket.once('error', reject);
  });
  const t2 = performance.now();
  const result = { openMs: t1 - t0, startMs: t2 - t1, rssMb: rssMb() };
  socket.terminate();
  await live.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  return result;
};

const parts: Record<string, () => Promise<Record<string, number>>> = { closer, catalog, feed };
const run = parts[part];
if (run === undefined) throw new Error(`unknown part '${part}': closer, catalog or feed`);
const result = await run();
process.stdout.write(`${JSON.stringify(result)}\n`);
