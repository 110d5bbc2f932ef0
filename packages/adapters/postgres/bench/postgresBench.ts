/**
 * Committed bids/s and p50/p99 latency through `createAuctionService` over the PostgreSQL store, beside
 * the classic row-lock design, with 1, 8 and 32 concurrent callers, on one hot auction and on 1 000
 * auctions. Run from the package folder: `pnpm bench` (BENCH_SECONDS per run, default 4).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createAuctionService } from '@gavel/core';
import pg from 'pg';
import { getPostgresEventStore } from '../src/index';
import { openHotAuction } from '../test/hotAuction';
import { type LoadResult, measureLoad } from './measureLoad';
import { createRowLockBaseline } from './rowLockBaseline';

const url = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const durationMs = Number(process.env.BENCH_SECONDS ?? 4) * 1000;
const warmupMs = 500;
const poolSize = 16;
const schema = `gavel_bench_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const run = globalThis.crypto.randomUUID().slice(0, 8);

const admin = new pg.Pool({ connectionString: url, max: poolSize });
const store = getPostgresEventStore({ connectionString: url, schema, poolSize });

const openGavelAuctions = async (prefix: string, count: number): Promise<string[]> => {
  const service = createAuctionService({ store });
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const results = await Promise.all(ids.map((auctionId) => service.execute(openHotAuction(auctionId))));
  if (!results.every((r) => r.ok)) throw new Error('could not open the auctions');
  return ids;
};

const pick = (ids: readonly string[]): string => ids[Math.floor(Math.random() * ids.length)] as string;

const benchGavel = async (label: string, auctions: number, callers: number) => {
  const ids = await openGavelAuctions(`g-${run}-${label}-${callers}`, auctions);
  const service = createAuctionService({ store });
  const next = new Map(ids.map((id) => [id, 100]));
  let seq = 0;
  const result = await measureLoad(
    callers,
    async (caller) => {
      const auctionId = pick(ids);
      // Amounts grow in call order, which is the order the service decides them in: every bid is accepted.
      const amount = (next.get(auctionId) as number) + 100;
      next.set(auctionId, amount);
      const n = seq++;
      const answer = await service.execute({
        type: 'PlaceBid',
        data: { auctionId, bidderId: `b${caller}-${n}`, amount, bidId: `${caller}-${n}` },
      });
      return answer.ok;
    },
    durationMs,
    warmupMs,
  );
  const stats = service.stats();
  return { ...result, meanBatch: stats.batches === 0 ? 0 : stats.batchedCommands / stats.batches };
};

const benchRowLock = async (
  baseline: Awaited<ReturnType<typeof createRowLockBaseline>>,
  label: string,
  auctions: number,
  callers: number,
): Promise<LoadResult> => {
  const ids = await baseline.openAuctions(`r-${run}-${label}-${callers}`, auctions);
  let seq = 0;
  return measureLoad(
    callers,
    async (caller) => {
      const n = seq++;
      return baseline.placeBid(pick(ids), `b${caller}-${n}`, null, `${label}-${callers}-${n}`);
    },
    durationMs,
    warmupMs,
  );
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
    `Settings: ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}; pool ${poolSize}; ${durationMs / 1000} s per run`,
  );
  console.log('');
  console.log(
    '| auctions | callers | Gavel bids/s | p50 ms | p99 ms | mean batch | row-lock bids/s | p50 ms | p99 ms | Gavel ÷ row-lock |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, auctions] of [
    ['hot', 1],
    ['many', 1000],
  ] as const) {
    for (const callers of [1, 8, 32]) {
      const gavel = await benchGavel(label, auctions, callers);
      const rowLock = await benchRowLock(baseline, label, auctions, callers);
      if (gavel.rejected > 0 || rowLock.rejected > 0)
        console.error(`note: rejected ${gavel.rejected} (Gavel), ${rowLock.rejected} (row lock)`);
      console.log(
        `| ${auctions === 1 ? '1 (hot)' : '1 000'} | ${callers} | ${fmt(gavel.perSecond, 0)} | ${fmt(gavel.p50Ms, 2)} | ${fmt(gavel.p99Ms, 2)} | ${fmt(gavel.meanBatch)} | ${fmt(rowLock.perSecond, 0)} | ${fmt(rowLock.p50Ms, 2)} | ${fmt(rowLock.p99Ms, 2)} | ${fmt(gavel.perSecond / rowLock.perSecond)}× |`,
      );
    }
  }
} finally {
  await store.close();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
