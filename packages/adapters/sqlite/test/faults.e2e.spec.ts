import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, isEventStoreError } from '@gavel/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getSqliteEventStore, type SqliteEventStoreOptions } from '../src/index';
import { collect, startChild } from './runChild';

// Store faults of a SQLite file: a lock held by another process, a full disk, a deleted file and a
// read-only file. What each does to a caller is in docs/reliability.md.
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const freshPath = (): string => join(dir, `faults-${++count}.db`);
const isRoot = process.getuid?.() === 0;

const opened: EventStore[] = [];
const open = (options: SqliteEventStoreOptions): EventStore => {
  const store = getSqliteEventStore(options);
  opened.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
});

const event = (n: number, size = 0) => ({
  type: 'Tested',
  data: { n, padding: 'p'.repeat(size) },
  eventId: `e${n}`,
});
const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a write lock held by another process', () => {
  it('answers BUSY within busyTimeoutMs without blocking the event loop, then works again', async () => {
    const path = freshPath();
    const store = open({ path, busyTimeoutMs: 600, timeoutMs: 1_000 });
    await store.appendToStream('locked', [event(0)], { expectedVersion: 'no_stream' });
    const holder = startChild('./lockHolderChild.ts', [path]);
    const exited = collect(holder);
    await new Promise<void>((resolve) =>
      holder.stdout?.on('data', (chunk) => String(chunk).includes('locked') && resolve()),
    );

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const appends = await Promise.all(
      [1, 2, 3].map((n) => outcome(store.appendToStream('locked', [event(n)], { expectedVersion: 'any' }))),
    );
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    for (const append of appends) {
      expect(append.ok).toBe(false);
      if (!append.ok) expect(append.error).toMatchObject({ code: 'BUSY', mayHaveWritten: false });
    }
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(1_000 + 1_500);
    // The event loop kept running while the appends waited: timers fired all along.
    expect(ticks).toBeGreaterThan(10);
    // Readers are not blocked by a writer in WAL mode.
    expect((await store.readStream('locked')).currentVersion).toBe(1);

    // An append made while the lock is held, released before its busy timeout, succeeds.
    const waiting = outcome(store.appendToStream('locked', [event(4)], { expectedVersion: 1 }));
    await sleep(150);
    holder.stdin?.end('release\n');
    expect(await waiting).toMatchObject({ ok: true });
    expect((await exited).code).toBe(0);
    const read = await store.readStream('locked');
    expect(read.events.map((e) => e.eventId)).toEqual(['e0', 'e4']);
  });
});

describe('a deleted database file', () => {
  it('fails every append (and read) with UNAVAILABLE once the file is gone, acknowledging nothing', async () => {
    const path = freshPath();
    const store = open({ path });
    await store.appendToStream('doomed', [event(0)], { expectedVersion: 'no_stream' });
    // Appends in flight when the file goes: queued, not yet committed.
    const inFlight = [1, 2, 3].map((n) =>
      outcome(store.appendToStream('doomed', [event(n)], { expectedVersion: 'any' })),
    );
    rmSync(path);
    const later = [4, 5].map((n) =>
      outcome(store.appendToStream('doomed', [event(n)], { expectedVersion: 'any' })),
    );
    for (const append of await Promise.all([...inFlight, ...later])) {
      expect(append.ok).toBe(false);
      if (append.ok) continue;
      expect(isEventStoreError(append.error)).toBe(true);
      expect(append.error).toMatchObject({ code: 'UNAVAILABLE', mayHaveWritten: false });
      expect((append.error as Error).message).toMatch(/was deleted after the store opened it/);
    }
    await expect(store.readStream('doomed')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('notices a file replaced by another one at the same path', async () => {
    const path = freshPath();
    const store = open({ path });
    await store.appendToStream('replaced', [event(0)], { expectedVersion: 'no_stream' });
    rmSync(path, { force: true });
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const other = open({ path });
    await other.appendToStream('other', [event(9)], { expectedVersion: 'no_stream' });
    await expect(store.appendToStream('replaced', [event(1)], { expectedVersion: 1 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/replaced by another file/),
    });
  });

  it('ends a subscription with the error', async () => {
    const path = freshPath();
    const store = open({ path, pollIntervalMs: 20 });
    await store.appendToStream('watched', [event(0)], { expectedVersion: 'no_stream' });
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'event' });
    expect((await iterator.next()).value).toMatchObject({ type: 'caught-up' });
    rmSync(path);
    await expect(iterator.next()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe.skipIf(!isRoot)('a full disk (a 1 MiB tmpfs; needs root)', () => {
  it('answers STORAGE_FULL having written nothing, keeps every acknowledged append, and recovers', async () => {
    const mount = join(dir, 'tmpfs');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    try {
      const path = join(mount, 'full.db');
      // A filler file to delete later, to free room again.
      writeFileSync(join(mount, 'filler'), Buffer.alloc(128 * 1024));
      const store = open({ path });
      const acknowledged: number[] = [];
      let full: unknown;
      for (let n = 0; n < 2_000 && full === undefined; n++) {
        // Eight appends per transaction, as the group commit makes them.
        const batch = await Promise.all(
          Array.from({ length: 8 }, (_, k) =>
            outcome(store.appendToStream('full', [event(n * 8 + k, 2_000)], { expectedVersion: 'any' })),
          ),
        );
        batch.forEach((append, k) => {
          if (append.ok) acknowledged.push(n * 8 + k);
          else full ??= append.error;
        });
      }
      expect(full).toMatchObject({ code: 'STORAGE_FULL', mayHaveWritten: false });
      expect((full as Error).cause).toMatchObject({ code: 'SQLITE_FULL' });
      const recorded = (await store.readStream('full')).events.map((e) => (e.data as { n: number }).n);
      expect(recorded).toEqual(acknowledged);

      rmSync(join(mount, 'filler'));
      await store.appendToStream('full', [event(1_000_000)], { expectedVersion: 'any' });
      await store.close();
      const reopened = open({ path });
      const after = (await reopened.readStream('full')).events.map((e) => (e.data as { n: number }).n);
      expect(after).toEqual([...acknowledged, 1_000_000]);
      await reopened.close();
    } finally {
      await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
      // libsql keeps a closed connection's file open until its prepared statements are collected:
      // detach the mount lazily (it goes once the last file is released).
      execFileSync('umount', ['--lazy', mount]);
    }
  });
});

/** Makes a file immutable (root: the permission bits do not stop root, the immutable flag does). */
const chattr = (flag: '+i' | '-i', path: string): boolean => {
  try {
    execFileSync('chattr', [flag, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!isRoot)('a read-only database file (immutable; needs root)', () => {
  it('still opens and reads, and answers every append READ_ONLY having written nothing', async () => {
    const path = freshPath();
    const writer = getSqliteEventStore({ path });
    await writer.appendToStream('frozen', [event(0)], { expectedVersion: 'no_stream' });
    await writer.close();
    if (!chattr('+i', path)) throw new Error('chattr +i failed: this file system has no immutable flag');
    try {
      const store = open({ path });
      expect((await store.readStream('frozen')).currentVersion).toBe(1);
      const appends = await Promise.all(
        [1, 2].map((n) => outcome(store.appendToStream('frozen', [event(n)], { expectedVersion: 'any' }))),
      );
      for (const append of appends) {
        expect(append.ok).toBe(false);
        if (!append.ok) expect(append.error).toMatchObject({ code: 'READ_ONLY', mayHaveWritten: false });
      }
      expect((await store.readStream('frozen')).currentVersion).toBe(1);
      await store.close();
    } finally {
      chattr('-i', path);
    }
  });
});
