import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, SubscriptionMessage } from '@gavel/core';
import Libsql from 'libsql';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { getSqliteEventStore, type SqliteEventStoreOptions } from './getSqliteEventStore';
import { migrate, migrations } from './migrations';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const freshPath = (): string => join(dir, `store-${++fileCount}.db`);

const opened: EventStore[] = [];
const open = (options: SqliteEventStoreOptions): EventStore => {
  const store = getSqliteEventStore(options);
  opened.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const event = (n: number, eventId?: string) => ({
  type: 'Tested',
  data: { n },
  ...(eventId === undefined ? {} : { eventId }),
});
const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('opening', () => {
  it('puts a file in WAL mode with synchronous FULL and a busy timeout', () => {
    const path = freshPath();
    const db = openDatabase({ path, synchronous: 'full', busyTimeoutMs: 1234 });
    try {
      const pragma = (name: string): unknown =>
        (db.prepare(`PRAGMA ${name}`).raw(true).get() as unknown[])[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(2);
      expect(pragma('busy_timeout')).toBe(1234);
    } finally {
      db.close();
    }
  });

  it("sets synchronous NORMAL when asked for 'normal'", () => {
    const db = openDatabase({ path: freshPath(), synchronous: 'normal', busyTimeoutMs: 5000 });
    try {
      expect((db.prepare('PRAGMA synchronous').raw(true).get() as unknown[])[0]).toBe(1);
    } finally {
      db.close();
    }
  });

  it('migrates once, also when opened again, and refuses a schema newer than itself', () => {
    const path = freshPath();
    open({ path });
    open({ path });
    const db = new Libsql(path);
    try {
      expect(db.prepare('SELECT version FROM gavel_migrations').raw(true).all()).toEqual(
        migrations.map((step) => [step.version]),
      );
      expect(migrate(db)).toBe(migrations.length);
      db.exec("INSERT INTO gavel_migrations VALUES (99, 'from the future', 0)");
    } finally {
      db.close();
    }
    expect(() => getSqliteEventStore({ path })).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_TOO_NEW',
        schemaVersion: 99,
        message: expect.stringMatching(/version 99/),
      }),
    );
  });

  it('rejects bad options with an InvalidOptionsError naming the option', () => {
    expect(() => getSqliteEventStore({ path: '' })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path: 'path' }),
    );
    expect(() => getSqliteEventStore({ path: ':memory:', pollIntervalMs: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'pollIntervalMs' }),
    );
    expect(() => getSqliteEventStore({ path: ':memory:', maxBatchSize: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'maxBatchSize' }),
    );
    expect(() => getSqliteEventStore({ path: ':memory:', synchronous: 'off' as 'full' })).toThrow(
      /synchronous/,
    );
  });

  it('keeps events and positions across close and reopen', async () => {
    const path = freshPath();
    const first = open({ path });
    const appended = await first.appendToStream('s-1', [event(1), event(2)], {
      expectedVersion: 'no_stream',
    });
    await first.close();
    const second = open({ path });
    const read = await second.readStream('s-1');
    expect(read.events.map((e) => [e.data, e.streamVersion, e.globalPosition])).toEqual([
      [{ n: 1 }, 1, 1n],
      [{ n: 2 }, 2, 2n],
    ]);
    const next = await second.appendToStream('s-1', [event(3)], { expectedVersion: 2 });
    expect(next.lastPosition).toBe(appended.lastPosition + 1n);
  });
});

describe('group commit', () => {
  it('commits the appends of one event-loop turn in one transaction', async () => {
    let transactions = 0;
    const store = open({ path: freshPath(), clock: () => ++transactions });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        store.appendToStream(`s-${n}`, [event(n)], { expectedVersion: 'no_stream' }),
      ),
    );
    expect(transactions).toBe(1);
    expect(results.map((r) => r.lastPosition)).toEqual(Array.from({ length: 200 }, (_, n) => BigInt(n + 1)));
  });

  it('splits a turn into transactions of at most maxBatchSize appends', async () => {
    let transactions = 0;
    const store = open({ path: freshPath(), maxBatchSize: 50, clock: () => ++transactions });
    await Promise.all(
      Array.from({ length: 120 }, (_, n) => store.appendToStream('hot', [event(n)], { expectedVersion: n })),
    );
    expect(transactions).toBe(3);
    const read = await store.readStream('hot');
    expect(read.events.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 120 }, (_, n) => n),
    );
    expect(read.events.map((e) => e.recordedAt)).toEqual([
      ...Array(50).fill(1),
      ...Array(50).fill(2),
      ...Array(20).fill(3),
    ]);
  });

  it('checks each append of a batch on its own: a conflict rejects only itself', async () => {
    const store = open({ path: ':memory:' });
    const [a, b, c, d] = await Promise.allSettled([
      store.appendToStream('x', [event(1)], { expectedVersion: 'no_stream' }),
      store.appendToStream('x', [event(2)], { expectedVersion: 'no_stream' }),
      store.appendToStream('x', [event(3)], { expectedVersion: 1 }),
      store.appendToStream('y', [event(4)], { expectedVersion: 'no_stream' }),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    expect(b).toMatchObject({
      status: 'rejected',
      reason: { code: 'VERSION_CONFLICT', expected: 'no_stream', actual: 1 },
    });
    expect(c).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 2 } });
    expect(d).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    expect((await store.readStream('x')).events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
  });
});

describe('invalid calls write nothing', () => {
  it.each([
    ['an empty stream name', '', [event(1)], 'any'],
    ['no events', 's', [], 'any'],
    ['a bad expected version', 's', [event(1)], -1],
    ['an event id over 200 characters', 's', [event(1, 'x'.repeat(201))], 'any'],
    ['one id twice', 's', [event(1, 'a'), event(2, 'a')], 'any'],
    ['data that is not JSON', 's', [{ type: 'T', data: { big: 1n } }], 'any'],
    ['an event without a type', 's', [{ data: {} }], 'any'],
  ])('rejects %s with INVALID_ARGUMENT', async (_, stream, events, expectedVersion) => {
    const store = open({ path: ':memory:' });
    const error = await caught(
      store.appendToStream(stream as string, events as never, { expectedVersion: expectedVersion as never }),
    );
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await store.readStream('s')).currentVersion).toBe(0);
  });

  it('rejects an append mixing known and new event ids after checking the version', async () => {
    const store = open({ path: ':memory:' });
    await store.appendToStream('s', [event(1, 'a')], { expectedVersion: 'no_stream' });
    expect(
      await caught(store.appendToStream('s', [event(1, 'a'), event(2, 'b')], { expectedVersion: 0 })),
    ).toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(
      await caught(store.appendToStream('s', [event(1, 'a'), event(2, 'b')], { expectedVersion: 1 })),
    ).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await store.readStream('s')).currentVersion).toBe(1);
  });
});

describe('close', () => {
  it('commits appends still queued, then refuses calls with STORE_CLOSED', async () => {
    const path = freshPath();
    const store = getSqliteEventStore({ path });
    const pending = store.appendToStream('s', [event(1)], { expectedVersion: 'no_stream' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedVersion: 1 });
    expect(await caught(store.readStream('s'))).toMatchObject({ code: 'STORE_CLOSED' });
    expect(await caught(store.appendToStream('s', [event(2)], { expectedVersion: 1 }))).toMatchObject({
      code: 'STORE_CLOSED',
    });
    await store.close();
    expect((await open({ path }).readStream('s')).currentVersion).toBe(1);
  });

  it('ends a live subscription', async () => {
    const store = getSqliteEventStore({ path: ':memory:', pollIntervalMs: 60_000 });
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'caught-up', position: 0n });
    const waiting = iterator.next();
    await store.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});

describe('two connections on one file', () => {
  it('find each other through the version check: one of two racing appends conflicts', async () => {
    const path = freshPath();
    const [a, b] = [open({ path }), open({ path })];
    await a.appendToStream('s', [event(0)], { expectedVersion: 'no_stream' });
    const settled = await Promise.allSettled([
      a.appendToStream('s', [event(1)], { expectedVersion: 1 }),
      b.appendToStream('s', [event(2)], { expectedVersion: 1 }),
    ]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(settled.filter((s) => s.status === 'rejected')).toMatchObject([
      { reason: { code: 'VERSION_CONFLICT', expected: 1, actual: 2 } },
    ]);
  });

  it("deliver the other connection's appends to a live subscription by polling", async () => {
    const path = freshPath();
    const reader = open({ path, pollIntervalMs: 20 });
    const writer = open({ path });
    const controller = new AbortController();
    const iterator = reader
      .subscribe({ category: 'poll', signal: controller.signal })
      [Symbol.asyncIterator]();
    try {
      expect((await iterator.next()).value).toMatchObject({ type: 'caught-up' });
      const next = iterator.next();
      await writer.appendToStream('other-1', [event(1)], { expectedVersion: 'any' });
      await writer.appendToStream('poll-1', [event(2)], { expectedVersion: 'any' });
      const message = (await next).value as SubscriptionMessage;
      expect(message).toMatchObject({ type: 'event', event: { streamName: 'poll-1', data: { n: 2 } } });
    } finally {
      controller.abort();
      await iterator.return?.();
    }
  });
});

describe('another connection holding the write lock', () => {
  it('makes appends wait without blocking the event loop, then commit once it is released', async () => {
    const path = freshPath();
    const store = open({ path });
    const holder = new Libsql(path);
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      const pending = store.appendToStream('s', [event(1)], { expectedVersion: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      holder.exec('COMMIT');
      await expect(pending).resolves.toMatchObject({ nextExpectedVersion: 1 });
      expect(ticks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(ticker);
      holder.close();
    }
  });

  it('fails appends with BUSY after busyTimeoutMs, writing nothing', async () => {
    const path = freshPath();
    const store = open({ path, busyTimeoutMs: 80 });
    const holder = new Libsql(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const error = await caught(store.appendToStream('s', [event(1)], { expectedVersion: 'no_stream' }));
      expect(error).toMatchObject({ code: 'BUSY' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await store.readStream('s')).currentVersion).toBe(0);
    await expect(store.appendToStream('s', [event(2)], { expectedVersion: 0 })).resolves.toMatchObject({
      nextExpectedVersion: 1,
    });
  });
});
