/**
 * Committed durable bids/s and latency through `createAuctionService` over a SQLite file store
 * (WAL, synchronous=FULL), with 1, 8 and 32 concurrent callers, on one hot auction and on 1 000
 * auctions; beside it, the classic design (one row per auction, one transaction per bid) on the same
 * machine. Run: `pnpm --filter @gavel/sqlite bench` (about a minute). Prints a Markdown table.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuctionService } from '../../../core/src/index';
import { openDatabase } from '../src/database';
import { getSqliteEventStore } from '../src/index';
import { openTestAuctionCommand } from '../test/openTestAuction';
import { rowLockBaseline } from './rowLockBaseline';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-bench-'));

interface Row {
  readonly design: string;
  readonly auctions: number;
  readonly callers: number;
  readonly bidsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly note: string;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Runs `callers` loops of `bid` for SECONDS; returns accepted bids/s and latency percentiles (ms). */
export const drive = async (
  callers: number,
  bid: (caller: number) => Promise<boolean>,
): Promise<{ bidsPerSecond: number; p50: number; p99: number }> => {
  const latencies: number[] = [];
  let accepted = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(SECONDS * 1e9);
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (process.hrtime.bigint() < end) {
        const t0 = process.hrtime.bigint();
        if (await bid(caller)) accepted++;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  return { bidsPerSecond: accepted / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

const gavel = async (auctions: number, callers: number): Promise<Row> => {
  const path = join(dir, `gavel-${auctions}-${callers}.db`);
  let commits = 0; // the store reads its clock once per transaction
  const store = getSqliteEventStore({
    path,
    clock: () => {
      commits++;
      return Date.now();
    },
  });
  const service = createAuctionService({ store });
  const ids = Array.from({ length: auctions }, (_, n) => `bench-${n}`);
  const opened = await Promise.all(
    ids.map((auctionId) => service.execute(openTestAuctionCommand(auctionId))),
  );
  if (!opened.every((result) => result.ok)) throw new Error('could not open the auctions');
  const amounts = new Map(ids.map((id) => [id, 100]));
  let next = 0;
  let bidCount = 0;
  const before = service.stats();
  const commitsBefore = commits;
  const result = await drive(callers, async (caller) => {
    const auctionId = ids[next++ % auctions] as string;
    const maxAmount = (amounts.get(auctionId) as number) + 1;
    amounts.set(auctionId, maxAmount);
    const outcome = await service.execute({
      type: 'SetMaxBid',
      data: { auctionId, bidderId: `bidder-${caller}`, maxAmount, bidId: `b${++bidCount}` },
    });
    return outcome.ok;
  });
  const after = service.stats();
  await store.close();
  const batches = after.batches - before.batches;
  const perWrite = batches === 0 ? 0 : (after.batchedCommands - before.batchedCommands) / batches;
  const perCommit = (after.batchedCommands - before.batchedCommands) / Math.max(1, commits - commitsBefore);
  return {
    design: 'Gavel',
    auctions,
    callers,
    ...result,
    note: `${perWrite.toFixed(1)} bids per append, ${perCommit.toFixed(1)} per commit`,
  };
};

/** The disk's cost of one durable commit right now: p50/p99 of 300 one-row transactions (ms). */
const commitLatency = (): string => {
  const db = openDatabase({
    path: join(dir, `probe-${Date.now()}.db`),
    synchronous: 'full',
    busyTimeoutMs: 5_000,
  });
  db.exec('CREATE TABLE probe (n INTEGER)');
  const insert = db.prepare('INSERT INTO probe (n) VALUES (?)');
  const times: number[] = [];
  for (let n = 0; n < 300; n++) {
    const t0 = process.hrtime.bigint();
    db.exec('BEGIN IMMEDIATE');
    insert.run(n);
    db.exec('COMMIT');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  db.close();
  const sorted = Float64Array.from(times).sort();
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
};

const commitBefore = commitLatency();
const rows: Row[] = [];
for (const auctions of [1, 1_000]) {
  for (const callers of [1, 8, 32]) {
    rows.push(await gavel(auctions, callers));
    const baseline = await rowLockBaseline(
      join(dir, `baseline-${auctions}-${callers}.db`),
      auctions,
      callers,
      drive,
    );
    rows.push({ design: 'row lock', auctions, callers, ...baseline, note: 'one transaction per bid' });
  }
}
const commitAfter = commitLatency();
rmSync(dir, { recursive: true, force: true });

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Node ${process.version}, ${cpus().length} cores, ${cpu}; ${SECONDS} s per row; SQLite WAL, synchronous=FULL`,
);
console.log(`One durable one-row commit on this disk: before ${commitBefore}; after ${commitAfter}\n`);
console.log('| design | auctions | callers | committed bids/s | p50 ms | p99 ms | note |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows)
  console.log(
    `| ${row.design} | ${row.auctions} | ${row.callers} | ${Math.round(row.bidsPerSecond).toLocaleString('en-US')} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.note} |`,
  );
