import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';

// The stand-in itself, driven by the official client directly: the semantics the adapter relies on.
describe('EventStoreDB stand-in (for CI, not a database) through the official client', () => {
  let standIn: EventStoreDBStandIn;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    standIn = await startEventStoreDBStandIn();
    client = EventStoreDBClient.connectionString(standIn.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await standIn.stop();
  });

  const stream = (): string => `standin-${globalThis.crypto.randomUUID()}`;
  const event = (n: number, id: string = globalThis.crypto.randomUUID()) =>
    jsonEvent({ id, type: 'Tested', data: { n } });
  const collect = async (read: AsyncIterable<ResolvedEvent>) => {
    const events = [];
    for await (const resolved of read) if (resolved.event) events.push(resolved.event);
    return events;
  };

  it('appends with revisions from 0 and positions that increase (ServerFeatures is UNIMPLEMENTED)', async () => {
    const name = stream();
    const first = await client.appendToStream(name, [event(1), event(2)], { expectedRevision: NO_STREAM });
    expect(first.nextExpectedRevision).toBe(1n);
    const second = await client.appendToStream(name, event(3), { expectedRevision: 1n });
    expect(second.nextExpectedRevision).toBe(2n);
    expect((second.position?.commit ?? 0n) > (first.position?.commit ?? 0n)).toBe(true);
    const read = await collect(client.readStream(name));
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(read[2]?.position?.commit).toBe(second.position?.commit);
  });

  it('answers wrong expected version with the actual revision, or "no_stream"', async () => {
    const name = stream();
    await expect(client.appendToStream(name, event(1), { expectedRevision: 3n })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 3n,
      actualVersion: 'no_stream',
    });
    await client.appendToStream(name, event(1), { expectedRevision: NO_STREAM });
    await expect(
      client.appendToStream(name, event(2), { expectedRevision: NO_STREAM }),
    ).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 'no_stream',
      actualVersion: 0n,
    });
    await expect(
      client.appendToStream(name, event(2), { expectedRevision: 'stream_exists' }),
    ).resolves.toMatchObject({
      nextExpectedRevision: 1n,
    });
  });

  it('replays an append of the same ids at the same expected revision without writing (idempotency)', async () => {
    const name = stream();
    const ids = [globalThis.crypto.randomUUID(), globalThis.crypto.randomUUID()];
    const original = await client.appendToStream(name, [event(1, ids[0]), event(2, ids[1])], {
      expectedRevision: NO_STREAM,
    });
    await client.appendToStream(name, event(3), { expectedRevision: 1n });
    const replay = await client.appendToStream(name, [event(1, ids[0]), event(2, ids[1])], {
      expectedRevision: NO_STREAM,
    });
    expect(replay.nextExpectedRevision).toBe(original.nextExpectedRevision);
    const withAny = await client.appendToStream(name, [event(1, ids[0]), event(2, ids[1])], {
      expectedRevision: 'any',
    });
    expect(withAny.nextExpectedRevision).toBe(1n);
    expect((await collect(client.readStream(name))).map((e) => (e.data as { n: number }).n)).toEqual([
      1, 2, 3,
    ]);
    // A replay whose first id matches but a later one does not is a corrupted idempotency.
    await expect(
      client.appendToStream(name, [event(1, ids[0]), event(9)], { expectedRevision: NO_STREAM }),
    ).rejects.toMatchObject({ type: 'invalid-transaction' });
  });

  it('reads streams backwards, reports a missing stream, and reads $all both ways', async () => {
    const name = stream();
    await client.appendToStream(name, [event(1), event(2), event(3)]);
    const backwards = await collect(
      client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 2 }),
    );
    expect(backwards.map((e) => e.revision)).toEqual([2n, 1n]);
    await expect(collect(client.readStream(stream()))).rejects.toMatchObject({ type: 'stream-not-found' });
    const [last] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    expect(last?.streamId).toBe(name);
    const forwards = await collect(client.readAll({ fromPosition: START }));
    expect(forwards.at(-1)?.id).toBe(last?.id);
    const positions = forwards.map((e) => e.position?.commit ?? 0n);
    for (let i = 1; i < positions.length; i++)
      expect((positions[i] as bigint) > (positions[i - 1] as bigint)).toBe(true);
  });

  // EventStoreDB's semantics of $tb and $maxCount, as its docs (docs/server/features/streams.md,
  // "Deleting streams and events") and its own tests (EventStore.Core.Tests ClientAPI
  // when_having_truncatebefore_set_for_stream) state them: reads see max($tb, last - $maxCount + 1)
  // onwards, revisions go on, $all still holds everything, a metastream keeps its last event.
  it('honours stream metadata: $tb and $maxCount hide older events from stream reads, not from $all', async () => {
    const name = stream();
    await client.appendToStream(
      name,
      [0, 1, 2, 3, 4].map((n) => event(n)),
      { expectedRevision: NO_STREAM },
    );
    const numbers = (events: { data: unknown }[]) => events.map((e) => (e.data as { n: number }).n);
    await client.setStreamMetadata(name, { truncateBefore: 2 });
    expect(await client.getStreamMetadata(name)).toMatchObject({ metadata: { truncateBefore: 2 } });
    expect(numbers(await collect(client.readStream(name)))).toEqual([2, 3, 4]);
    expect(numbers(await collect(client.readStream(name, { fromRevision: 1n, maxCount: 2 })))).toEqual([
      2, 3,
    ]);
    expect(
      numbers(await collect(client.readStream(name, { direction: BACKWARDS, fromRevision: END }))),
    ).toEqual([4, 3, 2]);
    // A stricter $maxCount wins over a looser $tb; the metadata is replaced, not merged.
    await client.setStreamMetadata(name, { truncateBefore: 2, maxCount: 2 });
    expect(numbers(await collect(client.readStream(name)))).toEqual([3, 4]);
    // Revisions go on: the expected revision is the real last one.
    const next = await client.appendToStream(name, event(5), { expectedRevision: 4n });
    expect(next.nextExpectedRevision).toBe(5n);
    expect(numbers(await collect(client.readStream(name)))).toEqual([4, 5]);
    const [last] = await collect(
      client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    expect(last?.revision).toBe(5n);
    // Everything truncated: the stream reads as empty, not as missing.
    await client.setStreamMetadata(name, { truncateBefore: 6 });
    expect(await collect(client.readStream(name))).toEqual([]);
    // $all circumvents the index: every event is still there until a scavenge.
    const all = await collect(client.readAll({ fromPosition: START }));
    expect(numbers(all.filter((e) => e.streamId === name))).toEqual([0, 1, 2, 3, 4, 5]);
    // A metastream keeps only its last event (the server's metastreamMaxCount is 1).
    const meta = await collect(client.readStream(`$$${name}`));
    expect(meta.map((e) => [e.type, e.revision])).toEqual([['$metadata', 2n]]);
  });

  it('counts the events it sends in answer to reads (for cost tests)', async () => {
    const name = stream();
    await client.appendToStream(name, [event(1), event(2), event(3)]);
    const before = standIn.eventsRead();
    await collect(client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    await collect(client.readStream(name, { maxCount: 2 }));
    expect(standIn.eventsRead() - before).toBe(3);
  });

  it('subscribes to $all with a stream prefix filter: history, checkpoint, caught-up, then live', async () => {
    const prefix = `sub${globalThis.crypto.randomUUID().slice(0, 8)}-`;
    await client.appendToStream(`${prefix}1`, event(1));
    await client.appendToStream(stream(), event(2));
    const seen: string[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [prefix], checkpointReached: () => void seen.push('checkpoint') }),
    });
    const done = new Promise<void>((resolve) => {
      subscription.on('caughtUp', () => {
        seen.push('caught-up');
        void client.appendToStream(`${prefix}2`, event(3));
      });
      subscription.on('data', (resolved: ResolvedEvent) => {
        seen.push(`${resolved.event?.streamId}`);
        if (seen.includes(`${prefix}2`)) resolve();
      });
    });
    await done;
    await subscription.unsubscribe();
    expect(seen.filter((message) => message !== 'checkpoint')).toEqual([
      `${prefix}1`,
      'caught-up',
      `${prefix}2`,
    ]);
    expect(seen.indexOf('checkpoint')).toBeLessThan(seen.indexOf('caught-up'));
  });
});
