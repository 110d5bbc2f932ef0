import { createProcessor } from '@gavel/core';
import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { useProcessorTestFiles } from '../../test/processorTestKit';
import type { SqliteTransaction } from './sqliteTransaction';

const { freshPath, open } = useProcessorTestFiles('transactional');

const countEvent = (tx: SqliteTransaction, streamName: string): void => {
  tx.run('CREATE TABLE IF NOT EXISTS event_counts (stream TEXT PRIMARY KEY, events INTEGER NOT NULL)');
  tx.run('INSERT INTO event_counts VALUES (?, 1) ON CONFLICT DO UPDATE SET events = events + 1', [
    streamName,
  ]);
};

const counts = (path: string): unknown[] => {
  const db = new Libsql(path);
  try {
    return db.prepare('SELECT stream, events FROM event_counts ORDER BY stream').raw(true).all();
  } finally {
    db.close();
  }
};

describe('createProcessor with transactional: true on the SQLite store', () => {
  it('writes each event’s effect exactly once, failed attempts rolled back, across a restart', async () => {
    const path = freshPath();
    const store = open({ path });
    const streams = ['count-a', 'count-b', 'count-c', 'count-d'];
    for (const stream of streams)
      await store.appendToStream(
        stream,
        Array.from({ length: 5 }, (_, n) => ({ type: 'Counted', data: { n } })),
        { expectedVersion: 'no_stream' },
      );
    let failures = 0;
    const options = {
      store,
      name: 'event-counts',
      category: 'count',
      partitions: 2,
      batchSize: 3,
      checkpoints: store.processors,
      transactional: true,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      onError: () => {},
    } as const;
    const first = createProcessor({
      ...options,
      handle: async (events, { transaction }) => {
        for (const event of events) countEvent(transaction as SqliteTransaction, event.streamName);
        // Every other batch fails once, after writing its rows: they must be rolled back.
        if (failures++ % 2 === 0) throw new Error('the handler failed after writing');
      },
    });
    await first.start();
    await first.stop();
    expect(failures).toBeGreaterThanOrEqual(8);
    expect(counts(path)).toEqual(streams.map((stream) => [stream, 5]));

    await store.appendToStream('count-a', [{ type: 'Counted', data: { n: 5 } }], { expectedVersion: 5 });
    const second = createProcessor({
      ...options,
      handle: async (events, { transaction }) => {
        for (const event of events) countEvent(transaction as SqliteTransaction, event.streamName);
      },
    });
    await second.start();
    await second.stop();
    expect(counts(path)).toEqual(streams.map((stream) => [stream, stream === 'count-a' ? 6 : 5]));
  });
});
