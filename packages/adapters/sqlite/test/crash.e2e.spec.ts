import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Libsql from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { getSqliteEventStore } from '../src/index';
import { checkAuctionStream } from './checkAuctionStream';
import { openTestAuction } from './openTestAuction';
import { collect, startChild } from './runChild';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KILLS = 3;
const CALLERS = 16;

describe('SIGKILL while bidding', () => {
  it(`keeps every acknowledged bid and a valid stream, across ${KILLS} kills`, async () => {
    const path = join(dir, 'crash.db');
    const auctionId = 'crash-1';
    await openTestAuction(path, auctionId);
    const acknowledged = new Set<string>();
    const rejected = new Set<string>();
    const base = String(Date.now());

    for (let round = 0; round < KILLS; round++) {
      const child = startChild('./bidderChild.ts', [
        path,
        auctionId,
        `r${round}`,
        String(CALLERS),
        '0',
        base,
      ]);
      let acks = 0;
      let killTimer: NodeJS.Timeout | undefined;
      const done = collect(child, (line) => {
        const [kind, bidId] = line.split(' ') as [string, string];
        if (kind === 'ack') acknowledged.add(bidId);
        else if (kind === 'rej') rejected.add(bidId);
        // Once the child is under load, kill it at a random moment within the next 300 ms.
        if (kind === 'ack' && ++acks === 200)
          killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 300);
      });
      const exit = await done;
      clearTimeout(killTimer);
      expect(exit.signal, exit.stderr).toBe('SIGKILL');
      expect(acks).toBeGreaterThanOrEqual(200);

      const db = new Libsql(path);
      try {
        expect((db.prepare('PRAGMA integrity_check').raw(true).get() as unknown[])[0]).toBe('ok');
      } finally {
        db.close();
      }
      const store = getSqliteEventStore({ path });
      try {
        const { events } = await store.readStream(`auction-${auctionId}`);
        const check = checkAuctionStream(events);
        expect(check.problems).toEqual([]);
        const recorded = new Set(check.bidIds);
        const missing = [...acknowledged].filter((bidId) => !recorded.has(bidId));
        expect(missing, `round ${round}: acknowledged bids missing after SIGKILL`).toEqual([]);
        expect(
          [...rejected].filter((bidId) => recorded.has(bidId)),
          'rejected bids recorded',
        ).toEqual([]);
        expect(recorded.size).toBe(check.bidIds.length);
      } finally {
        await store.close();
      }
    }
  });
});
