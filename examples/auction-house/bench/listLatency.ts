/**
 * `GET /api/auctions` against the catalog read model at 10 000 and 1 000 000 auctions, next to a plain
 * fastify route that answers a constant list of the same size: p50/p99 latency and requests/s.
 *
 * 1. A SQLite store whose catalog tables hold N auctions (rows written straight into the read model,
 *    as the catalog's processor would have written them: the query's cost depends on the table and its
 *    indexes, not on how the rows got there), cached between runs.
 * 2. The auction house on it (`scripts/start.mjs`, GAVEL_DEMO=off), and in another process a fastify
 *    server whose one route answers the auction house's first page, as bytes, every time.
 * 3. `concurrency` keep-alive clients ask each route for `seconds` in turn, rounds interleaved (the
 *    machine's speed drifts): the first page of the default list (`sort=ending`, open auctions), a search
 *    (`q=<a word in 1 title of 100>`) and the constant route.
 * Targets: at 1 000 000 auctions, p99 ≤ 10 ms and ≥ 0.5 × the constant route's requests/s.
 * Run: `pnpm --filter auction-house bench:list` (BENCH_QUICK=1: 10 000 and 50 000 auctions, 2 rounds of
 * 2 s; BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_SIZES=10000,1000000; `--json <file>`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AuctionState, decide, evolve, initialState } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
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
} from '../../../packages/core/bench/benchRuns';
import type { AuctionColumns, ListingColumns } from '../src/readModels/catalog/catalogRow';
import { auctionColumns } from '../src/readModels/catalog/projectCatalog';
import { sqliteCatalogDatabase } from '../src/readModels/catalog/sqliteCatalogDatabase';

const example = fileURLToPath(new URL('..', import.meta.url));
const cache = process.env.BENCH_CACHE_DIR ?? '/tmp/gavel-list-bench';
const settings = {
  rounds: sizeSetting('rounds', 'BENCH_ROUNDS', 5, 2),
  seconds: sizeSetting('seconds', 'BENCH_SECONDS', 4, 2),
  concurrency: sizeSetting('concurrency', 'BENCH_CONCURRENCY', 16, 16),
  sizes: (process.env.BENCH_SIZES ?? (quick ? '10000,50000' : '10000,1000000')).split(',').map(Number),
};
const NOW = Date.UTC(2026, 11, 1);
const WORDS = ['leica', 'camera', 'oak', 'chair', 'brass', 'lamp', 'atlas', 'clock', 'vinyl', 'globe'];

/** The state of an auction opened at `at`, ending at `endsAt`, with `bids` proxy bids. */
const stateOf = (auctionId: string, at: number, endsAt: number, bids: number): AuctionState => {
  let state = initialState();
  const apply = (decision: ReturnType<typeof decide>) => {
    if (!decision.ok) throw new Error(`${auctionId}: ${decision.code}`);
    for (const event of decision.events) state = evolve(state, event);
  };
  apply(
    decide(
      {
        type: 'OpenAuction',
        data: { auctionId, sellerId: 'seller', currency: 'USD', startingPrice: 1000, startsAt: at, endsAt },
      },
      state,
      at,
    ),
  );
  for (let b = 0; b < bids; b++)
    apply(
      decide(
        { type: 'SetMaxBid', data: { auctionId, bidderId: `bidder-${b % 7}`, maxAmount: 1500 + b * 700 } },
        state,
        at + b + 1,
      ),
    );
  return state;
};

/** A SQLite file whose catalog holds `count` listed auctions, 1 in 10 open (cached). */
const catalogStore = async (count: number): Promise<string> => {
  mkdirSync(cache, { recursive: true });
  const path = join(cache, `catalog-${count}.db`);
  if (existsSync(path)) return path;
  const building = `${path}.building`;
  const store = getSqliteEventStore({ path: building });
  const database = sqliteCatalogDatabase((work) => store.processors.read(async (session) => work(session)));
  await database.ensureSchema();
  const started = performance.now();
  for (let from = 0; from < count; from += 10_000) {
    const auctions: AuctionColumns[] = [];
    const listings: ListingColumns[] = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      const auctionId = `a${String(i).padStart(7, '0')}`;
      const open = i % 10 === 0;
      const endsAt = open ? NOW + 3_600_000 + ((i * 7919) % 864_000_000) : NOW - ((i * 104729) % 864_000_000);
      const at = Math.min(NOW - 86_400_000 + (i % 86_400), endsAt - 3_600_000);
      const state = stateOf(auctionId, at, endsAt, i % 5);
      const closed = open ? state : { ...state, status: 'closed' as const };
      auctions.push(auctionColumns(auctionId, { state: closed, version: 1 + (i % 5), createdAt: at }));
      const words = [WORDS[i % WORDS.length], WORDS[(i * 3) % WORDS.length], `item${i % 100}`];
      listings.push({ auctionId, title: `${words.join(' ')} no ${i}`, sellerName: 'Sam' });
    }
    await store.processors.read(async (session) => {
      session.run('BEGIN');
      await database.save(session, { auctions, listings, bidders: [], history: [] });
      session.run('COMMIT');
    });
    if (from % 200_000 === 0) process.stderr.write(`  built ${from + auctions.length} of ${count} rows\n`);
  }
  await store.close();
  const { renameSync } = await import('node:fs');
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(building + suffix)) renameSync(building + suffix, path + suffix);
  process.stderr.write(`  ${count} rows in ${whole(performance.now() - started)} ms\n`);
  return path;
};

/** Starts a process and waits for a line matching `pattern` on its stdout; resolves with the match. */
const startProcess = (args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'], cwd: example });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}`)));
  });

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** `concurrency` keep-alive clients asking `url` for `seconds`: latencies (ms) and requests/s. */
const hammer = async (url: string) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const latencies: number[] = [];
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const sent = performance.now();
      http
        .get(url, { agent }, (response) => {
          response.on('data', () => {});
          response.on('end', () => {
            if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
            latencies.push(performance.now() - sent);
            resolve();
          });
        })
        .on('error', reject);
    });
  for (let i = 0; i < settings.concurrency; i++) await get(); // warm the connections
  latencies.length = 0;
  const started = performance.now();
  const deadline = started + settings.seconds * 1000;
  await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (performance.now() < deadline) await get();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    rate: latencies.length / elapsed,
  };
};

const CONSTANT_SERVER = `
import Fastify from 'fastify';
const body = Buffer.from(process.env.BODY, 'base64');
const app = Fastify();
app.get('/constant', (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write('constant on ' + address + '\\n');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

interface Measured {
  readonly auctions: number;
  readonly route: string;
  readonly p50: number[];
  readonly p99: number[];
  readonly rate: number[];
}

const main = async (): Promise<void> => {
  process.stderr.write(`${machineLine()}\n`);
  const results: Measured[] = [];
  for (const size of settings.sizes) {
    const path = await catalogStore(size);
    const house = await startProcess(
      [join(example, 'scripts', 'start.mjs')],
      {
        ...process.env,
        PORT: '0',
        GAVEL_STORE: `sqlite:${path}`,
        GAVEL_DEMO: 'off',
        GAVEL_SECRET: 'list-bench',
        LOG_LEVEL: 'warn',
      },
      /Gavel auction house on (\S+)/,
    );
    const first = await fetch(`${house.url}/api/auctions`);
    const body = Buffer.from(await first.arrayBuffer());
    const constant = await startProcess(
      ['--input-type=module', '-e', CONSTANT_SERVER],
      { ...process.env, BODY: body.toString('base64') },
      /constant on (\S+)/,
    );
    const routes: [string, string][] = [
      ['GET /api/auctions (first page, sort=ending, open)', `${house.url}/api/auctions`],
      ['GET /api/auctions?q=… (search, 1 title in 100)', `${house.url}/api/auctions?q=item42`],
      ['constant route, same bytes', `${constant.url}/constant`],
    ];
    const measured = routes.map(([route]) => ({
      auctions: size,
      route,
      p50: [] as number[],
      p99: [] as number[],
      rate: [] as number[],
    }));
    for (let round = 0; round < settings.rounds; round++) {
      const order = routes.map((_, i) => (i + round) % routes.length);
      for (const i of order) {
        const result = await hammer((routes[i] as [string, string])[1]);
        const into = measured[i] as Measured;
        into.p50.push(result.p50);
        into.p99.push(result.p99);
        into.rate.push(result.rate);
      }
      process.stderr.write(`  ${size} auctions, round ${round + 1} (load ${loadAverage()})\n`);
    }
    results.push(...measured);
    await Promise.all([stop(house.child), stop(constant.child)]);
  }
  const rows = results.map((m) => {
    const constant = results.find((c) => c.auctions === m.auctions && c.route.startsWith('constant'));
    const ratio = constant === undefined ? Number.NaN : spread(m.rate).median / spread(constant.rate).median;
    return [
      whole(m.auctions),
      m.route,
      medianAndRange(spread(m.p50), (v) => fixed(v, 2)),
      medianAndRange(spread(m.p99), (v) => fixed(v, 2)),
      medianAndRange(spread(m.rate)),
      fixed(ratio, 2),
    ];
  });
  process.stdout.write(
    `${markdownTable(['auctions', 'route', 'p50 ms', 'p99 ms', 'requests/s', '÷ constant'], rows)}\n` +
      `${settings.concurrency} keep-alive clients, ${settings.rounds} rounds of ${settings.seconds} s per route, interleaved; medians (ranges).\n`,
  );
  writeJsonResults({ settings, results });
};

await main();
