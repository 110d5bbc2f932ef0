/**
 * Committed bids/s and p50/p99 latency through `createAuctionService` over the PostgreSQL store, beside
 * the classic row-lock design and the ceiling (one plain one-row INSERT per transaction, with as many
 * connections as callers): one hot auction with 32 callers, and 1 000 and 10 000 auctions with 32 and
 * 64 callers, with the mean streams and events per transaction of Gavel's cross-stream group commit.
 * Run from the package folder: `pnpm bench` (BENCH_SECONDS per design and configuration, default 4,
 * in BENCH_SLICES interleaved slices, default 4; BENCH_RUNS tables, default 1).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createAuctionService } from '@gavel/core';
import pg from 'pg';
import { getPostgresEventStore } from '../src/index';
import { openHotAuction } from '../test/hotAuction';
import { type Bid, combineLoads, type LoadResult, measureLoad } from './measureLoad';
import { createRowLockBaseline, type RowLockBaseline } from './rowLockBaseline';

const url = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const durationMs = Number(process.env.BENCH_SECONDS ?? 4) * 1000;
/** Slices per design and configuration (BENCH_SLICES, default 4), each of durationMs / slices. */
const slices = Number(process.env.BENCH_SLICES ?? 4);
const sliceMs = durationMs / slices;
const runs = Number(process.env.BENCH_RUNS ?? 1);
/** Not measured, before each slice. */
const warmupMs = 250;
const poolSize = 16;
const schema = `gavel_bench_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const run = globalThis.crypto.randomUUID().slice(0, 8);

const admin = new pg.Pool({ connectionString: url, max: poolSize });
const maxInFlight =
  process.env.BENCH_MAX_IN_FLIGHT === undefined ? undefined : Number(process.env.BENCH_MAX_IN_FLIGHT);
const store = getPostgresEventStore({
  connectionString: url,
  schema,
  poolSize,
  groupCommit: {
    ...(maxInFlight === undefined ? {} : { maxInFlight }),
    ...(process.env.BENCH_MAX_APPENDS === undefined
      ? {}
      : { maxBatchSize: Number(process.env.BENCH_MAX_APPENDS) }),
  },
});

/**
 * The service of the Gavel runs: it opened the auctions, so it has them cached, as a running server
 * has the auctions it serves (the row-lock design has no cache to warm).
 */
const service = createAuctionService({ store });

const openGavelAuctions = async (prefix: string, count: number): Promise<string[]> => {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const results = await Promise.all(ids.map((auctionId) => service.execute(openHotAuction(auctionId))));
  if (!results.every((r) => r.ok)) throw new Error('could not open the auctions');
  return ids;
};

const pick = (ids: readonly string[]): string => ids[Math.floor(Math.random() * ids.length)] as string;

/** Gavel on `ids`: amounts grow in call order, which is the order the service decides them in, so every bid is accepted. */
const gavelBid = (ids: readonly string[]): Bid => {
  const next = new Map(ids.map((id) => [id, 100]));
  let seq = 0;
  return async (caller) => {
    const auctionId = pick(ids);
    const amount = (next.get(auctionId) as number) + 100;
    next.set(auctionId, amount);
    const n = seq++;
    const answer = await service.execute({
      type: 'PlaceBid',
      data: { auctionId, bidderId: `b${caller}-${n}`, amount, bidId: `${caller}-${n}` },
    });
    return answer.ok;
  };
};

const rowLockBid = (baseline: RowLockBaseline, ids: readonly string[], label: string): Bid => {
  let seq = 0;
  return (caller) => {
    const n = seq++;
    return baseline.placeBid(pick(ids), `b${caller}-${n}`, null, `${label}-${n}`);
  };
};

/** The ceiling: one plain INSERT of one row per transaction, one connection per caller. */
const ceilingBid = (pool: pg.Pool): Bid => {
  let seq = 0;
  return async (caller) => {
    const n = seq++;
    await pool.query(`INSERT INTO "${schema}".ceiling (auction_id, bid_id, amount) VALUES ($1, $2, $3)`, [
      `a${n % 1000}`,
      `${caller}-${n}`,
      n,
    ]);
    return true;
  };
};

/**
 * Measures the designs' bids in turn, `slices` times over (a slice of each, then again), so that each
 * sees the machine as the others do: this VM's speed drifts by tens of percent within seconds, which
 * one block per design would read as a difference between the designs.
 */
const measureInterleaved = async (bids: readonly Bid[], callers: number): Promise<LoadResult[]> => {
  const designs = bids.map((bid) => ({ bid, parts: [] as LoadResult[] }));
  for (let slice = 0; slice < slices; slice++)
    for (const { bid, parts } of designs) parts.push(await measureLoad(callers, bid, sliceMs, warmupMs));
  return designs.map(({ parts }) => combineLoads(parts));
};

/** One configuration: Gavel (with its transaction counters), the row lock and the ceiling, interleaved. */
const benchConfiguration = async (
  baseline: RowLockBaseline,
  label: string,
  auctions: number,
  callers: number,
) => {
  const gavelIds = await openGavelAuctions(`g-${run}-${label}-${callers}`, auctions);
  const rowLockIds = await baseline.openAuctions(`r-${run}-${label}-${callers}`, auctions);
  const ceilingPool = new pg.Pool({ connectionString: url, max: callers });
  try {
    const before = store.appendStats();
    const [gavel, rowLock, ceiling] = await measureInterleaved(
      [gavelBid(gavelIds), rowLockBid(baseline, rowLockIds, `${label}-${callers}`), ceilingBid(ceilingPool)],
      callers,
    );
    const after = store.appendStats();
    const transactions = after.transactions - before.transactions;
    const perTransaction = (of: (stats: typeof after) => number) =>
      transactions === 0 ? 0 : (of(after) - of(before)) / transactions;
    return {
      gavel: gavel as LoadResult,
      rowLock: rowLock as LoadResult,
      ceiling: ceiling as LoadResult,
      streamsPerTransaction: perTransaction((stats) => stats.appends),
      eventsPerTransaction: perTransaction((stats) => stats.events),
    };
  } finally {
    await ceilingPool.end();
  }
};

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

try {
  await store.readStream('bench-warm-up'); // creates the schema
  const baseline = await createRowLockBaseline(admin, schema);
  const settings = (
    await admin.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'shared_buffers')`,
    )
  ).rows;
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]
    ?.server_version;
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  console.log(
    `Machine: ${cpus().length} cores, ${cpu}, Node ${process.version}, PostgreSQL ${version} on the same machine`,
  );
  console.log(
    `Settings: ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}; pool ${poolSize}; ${durationMs / 1000} s per design and configuration, in ${slices} interleaved slices`,
  );
  console.log('');
  await admin.query(
    `CREATE TABLE "${schema}".ceiling (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, auction_id text NOT NULL, bid_id text NOT NULL, amount bigint NOT NULL)`,
  );
  const allConfigs = [
    ['hot', 1, 32],
    ['many', 1000, 32],
    ['many', 1000, 64],
    ['lots', 10000, 32],
    ['lots', 10000, 64],
  ] as const;
  // BENCH_ONLY=1000x32,hot picks some (by auctions x callers, or 'hot').
  const only = process.env.BENCH_ONLY?.split(',');
  const configs = allConfigs.filter(
    ([label, auctions, callers]) =>
      only === undefined || only.includes(label) || only.includes(`${auctions}x${callers}`),
  );
  for (let r = 1; r <= runs; r++) {
    console.log(`Run ${r} of ${runs}`);
    console.log('');
    console.log(
      '| auctions | callers | Gavel bids/s | p50 ms | p99 ms | streams / tx | events / tx | row-lock bids/s | p99 ms | ceiling inserts/s | p99 ms | Gavel ÷ row-lock | Gavel ÷ ceiling |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [label, auctions, callers] of configs) {
      const { gavel, rowLock, ceiling, streamsPerTransaction, eventsPerTransaction } =
        await benchConfiguration(baseline, `${label}${r}`, auctions, callers);
      if (gavel.rejected > 0 || rowLock.rejected > 0)
        console.error(`note: rejected ${gavel.rejected} (Gavel), ${rowLock.rejected} (row lock)`);
      console.log(
        `| ${auctions === 1 ? '1 (hot)' : auctions.toLocaleString('en-US').replace(',', ' ')} | ${callers} | ${fmt(gavel.perSecond, 0)} | ${fmt(gavel.p50Ms, 2)} | ${fmt(gavel.p99Ms, 2)} | ${fmt(streamsPerTransaction)} | ${fmt(eventsPerTransaction)} | ${fmt(rowLock.perSecond, 0)} | ${fmt(rowLock.p99Ms, 2)} | ${fmt(ceiling.perSecond, 0)} | ${fmt(ceiling.p99Ms, 2)} | ${fmt(gavel.perSecond / rowLock.perSecond)}× | ${fmt(gavel.perSecond / ceiling.perSecond, 2)}× |`,
      );
    }
    console.log('');
  }
} finally {
  await store.close();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
