import { type EventStore, isEventStoreError } from '@gavel/core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents } from '../../test/collectEvents';
import { dropSchema, pgUrl, randomSchema } from '../../test/pgTestEnv';
import { startTcpProxy, type TcpProxy } from '../../test/tcpProxy';
import { getPostgresEventStore } from '../getPostgresEventStore';
import { boundedCall } from './boundedCall';

// The store talks to the test server through a TCP proxy that the tests freeze (a server that stops
// answering, as under SIGSTOP), cut (every connection dropped, as in a restart) or make refuse.
const target = new URL(pgUrl);
const schema = randomSchema('gavel_fail');
const TIMEOUT_MS = 1_000;
/** What a call may take beyond timeoutMs on a loaded 2-core machine (timers firing late). */
const SLACK_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let proxy: TcpProxy;
const stores: EventStore[] = [];
const viaProxy = (extra: { timeoutMs?: number; poolSize?: number; groupCommit?: false } = {}): EventStore => {
  const url = new URL(pgUrl);
  url.port = String(proxy.port);
  const store = getPostgresEventStore({
    connectionString: url.toString(),
    schema,
    timeoutMs: TIMEOUT_MS,
    pollIntervalMs: 50,
    ...extra,
  });
  stores.push(store);
  return store;
};
let direct: EventStore;

beforeAll(async () => {
  proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  direct = getPostgresEventStore({ connectionString: pgUrl, schema });
  await direct.readStream('warm-up');
});
afterEach(async () => {
  proxy.thaw();
  proxy.refuse(false);
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await direct.close();
  await proxy.close();
  await dropSchema(schema);
});

const timed = async <T>(call: () => Promise<T>) => {
  const started = performance.now();
  const outcome = await call().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { ...outcome, ms: performance.now() - started };
};

const bid = (n: number) => ({ type: 'Tested', data: { n }, eventId: `e${n}` });

describe('a frozen server (no answer, no error)', () => {
  it('answers every call with TIMEOUT within timeoutMs, and works again once it answers', async () => {
    // Appends one by one (no group commit), more than connections: some wait for the pool.
    const store = viaProxy({ poolSize: 4, groupCommit: false });
    const stream = `frozen-${randomSchema('s')}`;
    await store.appendToStream(stream, [bid(0)], { expectedVersion: 'no_stream' });
    await sleep(100); // the append's NOTIFY has gone out: its connection is idle in the pool again
    proxy.freeze();
    // More calls than connections: some wait for the pool, some for the server.
    const calls = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        timed(() => store.appendToStream(stream, [bid(i + 1)], { expectedVersion: 'any' })),
      ),
      ...Array.from({ length: 4 }, () => timed(() => store.readStream(stream))),
    ]);
    for (const call of calls) {
      expect(call.ok).toBe(false);
      if (call.ok) continue;
      expect(isEventStoreError(call.error)).toBe(true);
      expect(call.error).toMatchObject({ code: 'TIMEOUT' });
      expect(call.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    // An append that reached the wire may have been written; those that waited for a connection not.
    const appends = calls.slice(0, 12).map((call) => (call.ok ? null : call.error));
    expect(appends.some((error) => (error as { mayHaveWritten?: boolean }).mayHaveWritten === true)).toBe(
      true,
    );
    expect(appends.some((error) => (error as { mayHaveWritten?: boolean }).mayHaveWritten === false)).toBe(
      true,
    );

    proxy.thaw();
    // Retrying with the same ids is exact whatever happened to the first attempt.
    for (let i = 1; i <= 12; i++) await store.appendToStream(stream, [bid(i)], { expectedVersion: 'any' });
    const read = await direct.readStream(stream);
    expect(read.events.map((event) => event.eventId).sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => `e${i}`).sort(),
    );
  });

  it('answers the appends of a group commit with TIMEOUT too, each retried exactly', async () => {
    const store = viaProxy();
    const stream = `frozen-group-${randomSchema('s')}`;
    await store.appendToStream(stream, [bid(0)], { expectedVersion: 'no_stream' });
    await sleep(100);
    proxy.freeze();
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        timed(() => store.appendToStream(`${stream}-${i % 3}`, [bid(i + 1)], { expectedVersion: 'any' })),
      ),
    );
    // One batch carries the first append of each stream (sent: it may have been written); each stream's
    // later appends wait for it, so they never leave (certainly not written).
    calls.forEach((call, i) => {
      expect(call.ok).toBe(false);
      if (!call.ok) expect(call.error).toMatchObject({ code: 'TIMEOUT', mayHaveWritten: i < 3 });
      expect(call.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    });
    proxy.thaw();
    for (let i = 0; i < 12; i++)
      await store.appendToStream(`${stream}-${i % 3}`, [bid(i + 1)], { expectedVersion: 'any' });
    const ids = (await Promise.all([0, 1, 2].map((k) => direct.readStream(`${stream}-${k}`)))).flatMap(
      (read) => read.events.map((event) => event.eventId),
    );
    expect(ids.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `e${i + 1}`).sort());
  });

  it('bounds the first call too, while the schema check cannot run', async () => {
    proxy.freeze();
    const store = viaProxy();
    const call = await timed(() => store.readStream('never'));
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error).toMatchObject({ code: 'TIMEOUT', mayHaveWritten: false });
    expect(call.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('closes within timeoutMs although calls were stuck', async () => {
    const store = viaProxy();
    await store.readStream('warm');
    proxy.freeze();
    const stuck = store.readStream('stuck').catch((error: unknown) => error);
    await sleep(100);
    const closing = await timed(() => store.close());
    expect(closing.ok).toBe(true);
    expect(closing.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(await stuck).toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('dropped connections (a restart, seen from the client)', () => {
  it('keeps the process up, answers typed errors, and recovers at once', async () => {
    const store = viaProxy({ poolSize: 8 });
    const stream = `cut-${randomSchema('s')}`;
    await store.appendToStream(stream, [bid(0)], { expectedVersion: 'no_stream' });
    const failed: unknown[] = [];
    let next = 1;
    for (let round = 0; round < 5; round++) {
      const inFlight = Array.from({ length: 16 }, () => {
        const n = next++;
        return store.appendToStream(stream, [bid(n)], { expectedVersion: 'any' }).then(
          () => null,
          (error: unknown) => {
            failed.push(error);
            return n;
          },
        );
      });
      await sleep(round * 2);
      proxy.cut();
      const lost = (await Promise.all(inFlight)).filter((n): n is number => n !== null);
      // Retry what failed, with the same ids: exact whether or not the first attempt committed.
      // (A connection the pool has not yet seen close may fail a retry too: try again, as a caller would.)
      for (const n of lost)
        for (let attempt = 0; ; attempt++) {
          const retried = await store.appendToStream(stream, [bid(n)], { expectedVersion: 'any' }).then(
            () => true,
            (error: unknown) => {
              failed.push(error);
              if (attempt >= 20) throw error;
              return false;
            },
          );
          if (retried) break;
          await sleep(20);
        }
    }
    for (const error of failed) {
      expect(isEventStoreError(error), String(error)).toBe(true);
      expect(['UNAVAILABLE', 'TIMEOUT']).toContain((error as { code: string }).code);
      expect((error as Error).cause).toBeDefined();
    }
    const ids = (await direct.readStream(stream)).events.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Array.from({ length: next }, (_, i) => `e${i}`).sort());
  });

  it("catches a checked-out client's 'error' between statements, and destroys that client", async () => {
    const url = new URL(pgUrl);
    url.port = String(proxy.port);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    pool.on('error', () => undefined);
    try {
      const outcome = await boundedCall(pool, 5_000, 'test', async (call) => {
        const client = await call.checkOut();
        await client.query('SELECT 1');
        // The connection drops while the client is out of the pool and idle: pg emits 'error' on it.
        proxy.cut();
        await sleep(200);
        return client;
      }).then(
        (client) => ({ client }),
        (error: unknown) => ({ error }),
      );
      expect('client' in outcome).toBe(true);
      // The pool did not take the broken client back.
      expect(pool.idleCount).toBe(0);
      expect((await pool.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await pool.end();
    }
  });

  it('answers UNAVAILABLE, having written nothing, while the server refuses connections', async () => {
    const store = viaProxy();
    await store.readStream('warm');
    proxy.refuse(true);
    proxy.cut();
    await sleep(100); // the pool has seen its idle connections close
    const call = await timed(() => store.appendToStream('refused', [bid(1)], { expectedVersion: 'any' }));
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error).toMatchObject({ code: 'UNAVAILABLE', mayHaveWritten: false });
    proxy.refuse(false);
    expect((await store.readStream('refused')).currentVersion).toBe(0);
  });
});

describe('a subscription through outages', () => {
  it('delivers every event once, in order, across cuts, refusals and a freeze', async () => {
    const store = viaProxy();
    const category = `blip${randomSchema('c').slice(-8)}`;
    const from = (await direct.appendToStream(`marker-${category}`, [bid(0)], { expectedVersion: 'any' }))
      .lastPosition;
    const subscription = collectEvents(store, { fromPosition: from, category });

    const writing = (async () => {
      for (let n = 1; n <= 120; n++) {
        await direct.appendToStream(`${category}-${n % 3}`, [bid(n)], { expectedVersion: 'any' });
        if (n % 10 === 0) await sleep(20);
      }
    })();
    for (let outage = 0; outage < 3; outage++) {
      await sleep(60);
      proxy.refuse(true);
      proxy.cut();
      await sleep(150);
      proxy.refuse(false);
    }
    await sleep(60);
    proxy.freeze();
    await sleep(TIMEOUT_MS + 200);
    proxy.thaw();
    proxy.cut();
    await writing;

    const committed = (await Promise.all([0, 1, 2].map((s) => direct.readStream(`${category}-${s}`))))
      .flatMap((read) => read.events)
      .map((event) => event.globalPosition)
      .sort((a, b) => (a < b ? -1 : 1));
    expect(committed).toHaveLength(120);
    await subscription.stopAfter(committed.length, 10_000);
    expect(subscription.events.map((event) => event.globalPosition)).toEqual(committed);
  });
});
