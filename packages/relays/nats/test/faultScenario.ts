/**
 * Test-only: what the fault tests share: a SQLite store file of their own with auctions open, a writer
 * bidding on them, and the final check that the stream holds every event of the store once, in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSqliteEventStore, type SqliteEventStore } from '@gavel/sqlite';
import type { NatsConnection } from '@nats-io/transport-node';
import { expect } from 'vitest';
import { type AuctionWriter, auctionWriter, HOSTILE_AUCTION_IDS } from './auctionWriter';
import { expectEveryEventOnce } from './relayedChecks';
import { readStoreEvents, readStreamMessages, streamMessageCount } from './streamContents';

export interface FaultScenario {
  readonly dir: string;
  readonly storePath: string;
  readonly store: SqliteEventStore;
  readonly writer: AuctionWriter;
  readonly auctionIds: readonly string[];
  /** Waits until the stream holds as many messages as the store has events, then checks them all. */
  expectStreamComplete(connection: NatsConnection, stream: string, timeoutMs?: number): Promise<number>;
  cleanUp(): Promise<void>;
}

/** A store file with `count` auctions open (hostile ids among them). */
export const faultScenario = async (count = 12): Promise<FaultScenario> => {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-nats-faults-'));
  const storePath = join(dir, 'store.db');
  const store = getSqliteEventStore({ path: storePath });
  const writer = auctionWriter(store);
  const auctionIds = [...HOSTILE_AUCTION_IDS, ...Array.from({ length: count }, (_, i) => `auction-${i}`)];
  await writer.open(auctionIds);
  return {
    dir,
    storePath,
    store,
    writer,
    auctionIds,
    expectStreamComplete: async (connection, stream, timeoutMs = 20_000) => {
      const events = await readStoreEvents(store);
      await expect
        .poll(() => streamMessageCount(connection, stream), { timeout: timeoutMs, interval: 200 })
        .toBeGreaterThanOrEqual(events.length);
      expectEveryEventOnce(events, await readStreamMessages(connection, stream));
      return events.length;
    },
    cleanUp: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
