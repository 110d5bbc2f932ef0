/**
 * `gavel verify --all` over a SQLite file of 10 000 auctions of 50 events each: auctions verified per
 * second, through the built bin as a user runs it (child process; the time includes Node's start, the
 * listing pass over the store and reading every stream). Every stream is decided by the real decider
 * (an opening, 48 bids, the close) and appended in one call per auction. `--quick`: 1 000 auctions.
 * Build first: `pnpm --filter @gavel/cli build`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AuctionCommand,
  type AuctionEvent,
  decide,
  evolve,
  initialState,
  minimumNextBid,
} from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';

const quick = process.argv.includes('--quick');
const AUCTIONS = quick ? 1_000 : 10_000;
const EVENTS = 50;
const RUNS = quick ? 1 : 3;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** One auction's 50 events: opened, 48 bids by five bidders in turn (proxies and straight bids), closed. */
const auctionEvents = (auctionId: string): AuctionEvent[] => {
  let state = initialState();
  const events: AuctionEvent[] = [];
  const apply = (command: AuctionCommand, now: number): void => {
    const decision = decide(command, state, now);
    if (!decision.ok) throw new Error(`bench: ${decision.code}`);
    for (const event of decision.events) {
      events.push(event);
      state = evolve(state, event);
    }
  };
  apply(
    {
      type: 'OpenAuction',
      data: {
        auctionId,
        sellerId: 's',
        currency: 'USD',
        startingPrice: 1_000,
        reservePrice: 3_000,
        startsAt: 0,
        endsAt: 1_000_000,
      },
    },
    0,
  );
  const bidders = ['b1', 'b2', 'b3', 'b4', 'b5'];
  for (let i = 0; events.length < EVENTS - 1; i++) {
    let bidderId = bidders[i % 5] as string;
    if (bidderId === state.leader?.bidderId) bidderId = bidders[(i + 1) % 5] as string;
    const amount = (minimumNextBid(state) as number) + (i % 3) * 25;
    apply(
      i % 2 === 0
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount } },
      1 + i,
    );
  }
  apply({ type: 'CloseAuction', data: { auctionId } }, 1_000_000);
  if (events.length !== EVENTS) throw new Error(`bench: ${events.length} events`);
  return events;
};

const dir = mkdtempSync(join(tmpdir(), 'gavel-verify-all-'));
const path = join(dir, 'store.db');
try {
  const seedStart = performance.now();
  const store = getSqliteEventStore({ path, synchronous: 'normal' });
  for (let i = 0; i < AUCTIONS; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(AUCTIONS, i + 500); j++)
      batch.push(
        store.appendToStream(`auction-lot-${j}`, auctionEvents(`lot-${j}`), { expectedVersion: 'no_stream' }),
      );
    await Promise.all(batch);
  }
  await store.close();
  console.log(
    `seeded ${AUCTIONS} auctions × ${EVENTS} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );

  const rows: string[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const start = performance.now();
    const out = execFileSync(
      process.execPath,
      [bin, 'verify', '--all', '--store', `sqlite:${path}`, '--format', 'json'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    ).toString();
    const wall = (performance.now() - start) / 1000;
    const report = JSON.parse(out) as {
      auctions: number;
      events: number;
      seconds: number;
      listSeconds: number;
      cpuSeconds: number;
      auctionsWithFindings: number;
    };
    if (report.auctions !== AUCTIONS || report.auctionsWithFindings !== 0)
      throw new Error(`bench: unexpected report ${out.slice(0, 200)}`);
    rows.push(
      `| ${run} | ${report.auctions} | ${report.events} | ${wall.toFixed(2)} | ${report.listSeconds.toFixed(2)} | ${report.seconds.toFixed(2)} | ${report.cpuSeconds.toFixed(2)} | ${Math.round(report.auctions / wall)} | ${Math.round(report.auctions / report.seconds)} | ${Math.round(report.auctions / report.cpuSeconds)} |`,
    );
  }
  console.log(
    '| run | auctions | events | process wall s | listing s | command s | command CPU s | auctions/s (process) | auctions/s (command) | auctions per CPU s |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
