import { EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { EventStore } from '@gavel/core';
import { afterEach } from 'vitest';
import { type EventStoreDBEventStoreTuning, getEventStoreDBEventStore } from '../../src';
import { useTestServer } from '../testServer';

/** A processor name no other test uses. */
export const uniqueProcessor = (prefix = 'proc'): string =>
  `${prefix}-${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The test server of the file (stand-in, or `EVENTSTORE_URL`) and stores on it, each with a client of
 * its own (as separate processes would have), closed after each test.
 */
export const useProcessorStores = () => {
  const server = useTestServer();
  const opened: EventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  const open = (tuning: EventStoreDBEventStoreTuning = {}): EventStore => {
    const store = getEventStoreDBEventStore({ connectionString: server.connectionString(), ...tuning });
    opened.push(store);
    return store;
  };
  /** Every event of a stream as a stream read returns it (after `$maxCount` / `$tb`), read with the client. */
  const rawEvents = async (stream: string) => {
    const client = EventStoreDBClient.connectionString(server.connectionString());
    try {
      const events = [];
      for await (const resolved of client.readStream(stream) as AsyncIterable<ResolvedEvent>)
        if (resolved.event) events.push(resolved.event);
      return events;
    } catch (error) {
      if ((error as { type?: unknown }).type === 'stream-not-found') return [];
      throw error;
    } finally {
      await client.dispose();
    }
  };
  return { server, open, rawEvents };
};
