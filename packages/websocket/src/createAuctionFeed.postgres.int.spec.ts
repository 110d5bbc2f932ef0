import { type EventStore, publicHistory, readAuctionEvents } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { getPostgresEventStore } from '@gavel/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, randomSchema } from '../../adapters/postgres/test/pgTestEnv';
import {
  connect,
  leaks,
  type Message,
  openTestAuction,
  placeBids,
  SECRET,
  startFeed,
  T0,
  type TestFeed,
  testBackend,
} from '../test/feedTestKit';

const schema = randomSchema('gavel_feed');
const stores: EventStore[] = [];
const feeds: TestFeed[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const store = getPostgresEventStore({ connectionString: pgUrl, schema, poolSize: 4, pollIntervalMs: 50 });
    stores.push(store);
    feeds.push(await startFeed(store));
  }
});

afterAll(async () => {
  for (const feed of feeds) await feed.close();
  for (const store of stores) await store.close();
  await dropSchema(schema);
});

const versionOf = (messages: Message[]): number =>
  messages.reduce((v, m) => Math.max(v, (m.version as number | undefined) ?? 0), 0);

describe('two feed instances on one PostgreSQL', () => {
  it('shows watchers of each instance the bids taken through the other, identically', async () => {
    const [storeA, storeB] = stores as [EventStore, EventStore];
    const [feedA, feedB] = feeds as [TestFeed, TestFeed];
    const now = () => T0 + 1_000;
    const backendA = testBackend(storeA, now);
    const backendB = testBackend(storeB, now);
    await backendA.execute(openTestAuction('pg-lot'));
    const onA = await connect(feedA.url);
    const onB = await connect(feedB.url);
    onA.send({ type: 'subscribe', auctionId: 'pg-lot' });
    onB.send({ type: 'subscribe', auctionId: 'pg-lot' });
    await onA.waitFor((m) => m.length === 1, 'snapshot on A');
    await onB.waitFor((m) => m.length === 1, 'snapshot on B');
    // Bids through both instances' stores, in turns.
    for (let round = 0; round < 4; round++) {
      await placeBids(round % 2 === 0 ? backendA : backendB, 'pg-lot', 3);
    }
    const { version, events } = await readAuctionEvents(storeA, 'pg-lot');
    await onA.waitFor((m) => versionOf(m) >= version, `version ${version} on A`);
    await onB.waitFor((m) => versionOf(m) >= version, `version ${version} on B`);
    expect(onB.raw).toEqual(onA.raw);
    const entries = [
      ...(onB.messages[0]?.history ?? []),
      ...onB.messages.slice(1).flatMap((m) => (m.entry ? [m.entry] : [])),
    ];
    expect(entries).toEqual(publicHistory(events, maskBidderId(SECRET)));
    expect(leaks(onB.raw, 'pg-lot')).toEqual([]);
    // A client that moves from A to B resumes there without a gap or a duplicate.
    await onA.close();
    const moved = await connect(feedB.url);
    moved.send({ type: 'subscribe', auctionId: 'pg-lot', afterVersion: versionOf(onA.messages) - 2 });
    await placeBids(backendA, 'pg-lot', 2);
    const final = (await readAuctionEvents(storeA, 'pg-lot')).version;
    await moved.waitFor((m) => versionOf(m) >= final, `version ${final} after moving`);
    await onB.waitFor((m) => versionOf(m) >= final, `version ${final} on B`);
    const tail = onB.raw.filter(
      (frame) => (JSON.parse(frame).version as number) > versionOf(onA.messages) - 2,
    );
    expect(moved.raw).toEqual(tail);
    await moved.close();
    await onB.close();
  });
});
