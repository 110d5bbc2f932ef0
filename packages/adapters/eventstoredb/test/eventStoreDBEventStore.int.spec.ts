import { randomUUID } from 'node:crypto';
import type { SubscriptionMessage } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { type EventStoreDBClientLike, getEventStoreDBEventStore } from '../src';
import { startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';
import { realServerUrl, TEST_CLIENTS, useTestServer } from './testServer';

const server = useTestServer();
const onStandIn = realServerUrl === undefined;
const uid = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);

const rawEvents = async (client: EventStoreDBClientLike, stream: string) => {
  const events = [];
  const read = client.readStream(stream, {
    fromRevision: 'start',
    direction: 'forwards',
    requiresLeader: true,
  });
  for await (const resolved of read) if (resolved.event) events.push(resolved.event);
  return events;
};

/** Writes JSON events with the client itself, around the store. */
const rawAppend = (
  client: EventStoreDBClientLike,
  stream: string,
  events: ReadonlyArray<{
    id?: string;
    type: string;
    data: Record<string, unknown>;
    metadata?: Record<string, unknown>;
  }>,
) =>
  client.appendToStream(
    stream,
    events.map((event) => ({
      id: event.id ?? randomUUID(),
      contentType: 'application/json' as const,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    })),
    { expectedRevision: 'any', streamState: 'any', requiresLeader: true },
  );

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

for (const testClient of TEST_CLIENTS) {
  describe(`EventStoreDB event store through ${testClient.name}: storage format`, () => {
    it('stores JSON events with deterministic UUIDs, the Gavel id and EventStoreDB correlation keys', async () => {
      const client = testClient.connect(server.connectionString());
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
      const client = testClient.connect(server.connectionString());
      const store = getEventStoreDBEventStore({ client });
      try {
        const stream = `auction-${uid()}`;
        const id = globalThis.crypto.randomUUID();
        await rawAppend(client, stream, [
          { id, type: 'Imported', data: { n: 1 }, metadata: { source: 'import' } },
          { type: 'Imported', data: { n: 2 } },
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
      const store = getEventStoreDBEventStore({
        connectionString: testClient.connectionString(server.connectionString()),
      });
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

  describe.skipIf(!onStandIn)(
    `EventStoreDB event store through ${testClient.name}: failures (stand-in fault injection)`,
    () => {
      it('retries after a leader change (NotLeader) and the event is written once', async () => {
        const standIn = server.standIn();
        const store = getEventStoreDBEventStore({
          connectionString: testClient.connectionString(server.connectionString()),
        });
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
          connectionString: testClient.connectionString(server.connectionString()),
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
          connectionString: testClient.connectionString(server.connectionString()),
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
          connectionString: testClient.connectionString(standIn.connectionString),
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
        const store = getEventStoreDBEventStore({
          connectionString: testClient.connectionString(standIn.connectionString),
        });
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
        const client = testClient.connect(server.connectionString());
        const store = getEventStoreDBEventStore({ client });
        const iterator = store.subscribe({ category: `closing${uid()}` })[Symbol.asyncIterator]();
        expect((await next(iterator)).value?.type).toBe('caught-up');
        const waiting = next(iterator);
        await store.close();
        expect((await waiting).done).toBe(true);
        await rawAppend(client, `still-open-${uid()}`, [{ type: 'T', data: {} }]);
        await client.dispose();
      });
    },
  );

  describe.skipIf(!onStandIn)(
    `EventStoreDB event store through ${testClient.name}: the cost of a conflict`,
    () => {
      const one = (n: number, eventId?: string) => ({
        type: 'T',
        data: { n },
        ...(eventId === undefined ? {} : { eventId }),
      });

      it('reads only the events after the expected version to tell a retry from a conflict', async () => {
        const standIn = server.standIn();
        const store = getEventStoreDBEventStore({
          connectionString: testClient.connectionString(server.connectionString()),
        });
        try {
          const stream = `auction-${uid()}`;
          for (let n = 0; n < 40; n++) await store.appendToStream(stream, [one(n)], { expectedVersion: n });
          const batch = [one(40, `${stream}:a`), one(41, `${stream}:b`)];
          const original = await store.appendToStream(stream, batch, { expectedVersion: 40 });
          for (let n = 42; n < 45; n++) await store.appendToStream(stream, [one(n)], { expectedVersion: n });
          const readBefore = (): number => standIn?.eventsRead() ?? 0;

          // The batch (versions 41-42) sent again at a stale version: EventStoreDB cannot replay it there,
          // the store finds it among the 45 - 38 = 7 events after version 38.
          let before = readBefore();
          const retry = await store.appendToStream(stream, batch, { expectedVersion: 38 });
          expect(retry).toEqual({
            nextExpectedVersion: 45,
            lastPosition: original.lastPosition,
            duplicate: true,
          });
          expect(readBefore() - before).toBe(7);

          // A real conflict costs the events its writer had not seen, not the 45 of the stream.
          before = readBefore();
          await expect(
            store.appendToStream(stream, [one(99, `${stream}:c`)], { expectedVersion: 42 }),
          ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', expected: 42, actual: 45 });
          expect(readBefore() - before).toBe(3);

          // Fewer unseen events than the append has: nothing to read.
          before = readBefore();
          await expect(
            store.appendToStream(stream, [one(1, `${stream}:d`), one(2, `${stream}:e`)], {
              expectedVersion: 44,
            }),
          ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', actual: 45 });
          expect(readBefore() - before).toBe(0);
        } finally {
          await store.close();
        }
      });
    },
  );
}
