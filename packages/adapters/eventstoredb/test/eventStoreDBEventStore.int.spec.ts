import { EventStoreDBClient, jsonEvent, type ResolvedEvent } from '@eventstore/db-client';
import type { SubscriptionMessage } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from '../src';
import { startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';
import { realServerUrl, useTestServer } from './testServer';

const server = useTestServer();
const onStandIn = realServerUrl === undefined;
const uid = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);

const rawEvents = async (client: EventStoreDBClient, stream: string) => {
  const events = [];
  for await (const resolved of client.readStream(stream) as AsyncIterable<ResolvedEvent>)
    if (resolved.event) events.push(resolved.event);
  return events;
};

const next = async (iterator: AsyncIterator<SubscriptionMessage>, timeoutMs = 10_000) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no message in time')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

describe('EventStoreDB event store: storage format', () => {
  it('stores JSON events with deterministic UUIDs, the Gavel id and EventStoreDB correlation keys', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString());
    const store = getEventStoreDBEventStore({ client });
    try {
      const stream = `auction-${uid()}`;
      const uuid = globalThis.crypto.randomUUID();
      await store.appendToStream(
        stream,
        [
          {
            type: 'BidPlaced',
            data: { amount: 1 },
            eventId: 'bid:b-1',
            metadata: { correlationId: 'c-1', causationId: 'k-1', schemaVersion: 1 },
          },
          { type: 'BidPlaced', data: { amount: 2 }, eventId: uuid },
        ],
        { expectedVersion: 'no_stream' },
      );
      const [first, second] = await rawEvents(client, stream);
      expect(first?.isJson).toBe(true);
      expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(first?.metadata).toMatchObject({
        correlationId: 'c-1',
        $correlationId: 'c-1',
        $causationId: 'k-1',
        schemaVersion: 1,
        $gavel: { v: 1, eventId: 'bid:b-1' },
      });
      expect(second?.id).toBe(uuid);
      const read = await store.readStream(stream);
      expect(read.events.map((event) => event.eventId)).toEqual(['bid:b-1', uuid]);
      expect(read.events[0]?.metadata).toEqual({
        correlationId: 'c-1',
        causationId: 'k-1',
        schemaVersion: 1,
      });
      expect(read.events.map((event) => event.globalPosition)).toEqual([
        first?.position?.commit,
        second?.position?.commit,
      ]);
    } finally {
      await store.close();
      await client.dispose();
    }
  });

  it('reads events other tools wrote: their UUID as id, their metadata as it is', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString());
    const store = getEventStoreDBEventStore({ client });
    try {
      const stream = `auction-${uid()}`;
      const id = globalThis.crypto.randomUUID();
      await client.appendToStream(stream, [
        jsonEvent({ id, type: 'Imported', data: { n: 1 }, metadata: { source: 'import' } }),
        jsonEvent({ type: 'Imported', data: { n: 2 } }),
      ]);
      const { events, currentVersion } = await store.readStream(stream);
      expect(currentVersion).toBe(2);
      expect(events[0]).toMatchObject({ eventId: id, metadata: { source: 'import' }, streamVersion: 1 });
      expect(events[1]?.metadata).toBeUndefined();
    } finally {
      await store.close();
      await client.dispose();
    }
  });

  it('rejects malformed calls with INVALID_ARGUMENT and any call after close with STORE_CLOSED', async () => {
    const store = getEventStoreDBEventStore({ connectionString: server.connectionString() });
    const stream = `auction-${uid()}`;
    const one = [{ type: 'T', data: {} }];
    await expect(store.appendToStream(stream, [], { expectedVersion: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(store.appendToStream(stream, one, { expectedVersion: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      store.appendToStream(
        stream,
        [
          { ...one[0], eventId: 'x' },
          { ...one[0], eventId: 'x' },
        ] as never,
        { expectedVersion: 0 },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.readStream(stream, { fromVersion: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await store.close();
    await expect(store.readStream(stream)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});

describe.skipIf(!onStandIn)('EventStoreDB event store: failures (stand-in fault injection)', () => {
  it('retries after a leader change (NotLeader) and the event is written once', async () => {
    const standIn = server.standIn();
    const store = getEventStoreDBEventStore({ connectionString: server.connectionString() });
    try {
      const stream = `auction-${uid()}`;
      standIn?.injectAppendFault('not-leader');
      const result = await store.appendToStream(stream, [{ type: 'T', data: { n: 1 } }], {
        expectedVersion: 0,
      });
      expect(result).toMatchObject({ nextExpectedVersion: 1, duplicate: false });
      expect((await store.readStream(stream)).events).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('retries after a lost response: EventStoreDB dedupes the retry, and it is not reported as a duplicate', async () => {
    const standIn = server.standIn();
    const store = getEventStoreDBEventStore({
      connectionString: server.connectionString(),
      retry: { initialDelayMs: 5 },
    });
    try {
      for (const eventId of [undefined, 'bid:lost-1']) {
        const stream = `auction-${uid()}`;
        standIn?.injectAppendFault('lost-response');
        const result = await store.appendToStream(
          stream,
          [{ type: 'T', data: { n: 1 }, ...(eventId ? { eventId } : {}) }],
          {
            expectedVersion: 0,
          },
        );
        expect(result).toMatchObject({ nextExpectedVersion: 1, duplicate: false });
        const read = await store.readStream(stream);
        expect(read.events).toHaveLength(1);
        expect(result.lastPosition).toBe(read.events[0]?.globalPosition);
      }
    } finally {
      await store.close();
    }
  });

  it('gives up after the configured retries on a server that stays unavailable', async () => {
    const standIn = server.standIn();
    const store = getEventStoreDBEventStore({
      connectionString: server.connectionString(),
      retry: { maxAttempts: 2, initialDelayMs: 1 },
    });
    try {
      standIn?.injectAppendFault('unavailable');
      standIn?.injectAppendFault('unavailable');
      await expect(
        store.appendToStream(`auction-${uid()}`, [{ type: 'T', data: {} }], { expectedVersion: 0 }),
      ).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        cause: expect.objectContaining({ type: 'unavailable' }),
      });
    } finally {
      await store.close();
    }
  });

  it('resubscribes after the server goes away, from the last delivered position, losing and doubling nothing', async () => {
    const standIn = await startEventStoreDBStandIn();
    const store = getEventStoreDBEventStore({
      connectionString: standIn.connectionString,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    const category = `cat${uid()}`;
    const iterator = store.subscribe({ category })[Symbol.asyncIterator]();
    try {
      await store.appendToStream(`${category}-a`, [{ type: 'T', data: { n: 1 } }], {
        expectedVersion: 'any',
      });
      const seen: unknown[] = [];
      while (seen.length < 2) {
        const { value } = await next(iterator);
        seen.push(value?.type === 'event' ? (value.event.data as { n: number }).n : value?.type);
      }
      await standIn.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await standIn.restart();
      await store.appendToStream(`${category}-a`, [{ type: 'T', data: { n: 2 } }], {
        expectedVersion: 'any',
      });
      await store.appendToStream(`${category}-b`, [{ type: 'T', data: { n: 3 } }], {
        expectedVersion: 'any',
      });
      while (seen.length < 4) {
        const { value } = await next(iterator);
        seen.push(value?.type === 'event' ? (value.event.data as { n: number }).n : value?.type);
      }
      expect(seen).toEqual([1, 'caught-up', 2, 3]);
    } finally {
      await iterator.return?.();
      await store.close();
      await standIn.stop();
    }
  });

  it('announces caught-up on servers older than 23.10 (no caught_up message) from the $all head', async () => {
    const standIn = await startEventStoreDBStandIn({ sendCaughtUp: false });
    const store = getEventStoreDBEventStore({ connectionString: standIn.connectionString });
    const category = `old${uid()}`;
    try {
      await store.appendToStream(`${category}-a`, [{ type: 'T', data: { n: 1 } }], {
        expectedVersion: 'any',
      });
      await store.appendToStream(`other${uid()}-a`, [{ type: 'T', data: { n: 2 } }], {
        expectedVersion: 'any',
      });
      const iterator = store.subscribe({ category })[Symbol.asyncIterator]();
      const first = await next(iterator);
      const second = await next(iterator);
      expect([first.value?.type, second.value?.type]).toEqual(['event', 'caught-up']);
      await iterator.return?.();
    } finally {
      await store.close();
      await standIn.stop();
    }
  });

  it('ends open subscriptions on close, and leaves a client it was given open', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString());
    const store = getEventStoreDBEventStore({ client });
    const iterator = store.subscribe({ category: `closing${uid()}` })[Symbol.asyncIterator]();
    expect((await next(iterator)).value?.type).toBe('caught-up');
    const waiting = next(iterator);
    await store.close();
    expect((await waiting).done).toBe(true);
    await client.appendToStream(`still-open-${uid()}`, jsonEvent({ type: 'T', data: {} }));
    await client.dispose();
  });
});
