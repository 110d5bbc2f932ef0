import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../test/collectEvents';
import { pgUrl } from '../test/pgTestEnv';
import { useTestSchema } from '../test/testSchema';
import type { PostgresEventStore } from './getPostgresEventStore';

const { schema, open: openStore } = useTestSchema('gavel_group');
const open = (): PostgresEventStore => openStore({ pollIntervalMs: 50 });
const tag = () => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 10);
const event = (n: number, eventId?: string) => ({
  type: 'Tested',
  data: { n },
  ...(eventId === undefined ? {} : { eventId }),
});
const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cross-stream group commit', () => {
  it('writes the appends of one turn in one transaction, each with its own outcome', async () => {
    const store = open();
    const t = tag();
    await store.readStream('warm-up');
    await store.appendToStream(`c-${t}`, [event(0)], { expectedVersion: 'no_stream' });
    await store.appendToStream(`d-${t}`, [event(0, 'known')], { expectedVersion: 'no_stream' });
    await store.appendToStream(`p-${t}`, [event(0, 'old')], { expectedVersion: 'no_stream' });
    const before = store.appendStats();
    const [a, conflict, duplicate, partial, e] = await Promise.all([
      outcome(store.appendToStream(`a-${t}`, [event(1), event(2)], { expectedVersion: 'no_stream' })),
      outcome(store.appendToStream(`c-${t}`, [event(1)], { expectedVersion: 5 })),
      outcome(store.appendToStream(`d-${t}`, [event(0, 'known')], { expectedVersion: 'no_stream' })),
      outcome(store.appendToStream(`p-${t}`, [event(1, 'new'), event(0, 'old')], { expectedVersion: 1 })),
      outcome(store.appendToStream(`e-${t}`, [event(3)], { expectedVersion: 'any' })),
    ]);
    expect(store.appendStats().transactions - before.transactions).toBe(1);
    expect(store.appendStats().appends - before.appends).toBe(5);
    expect(a).toMatchObject({ ok: true, value: { nextExpectedVersion: 2, duplicate: false } });
    expect(conflict).toMatchObject({
      ok: false,
      error: { code: 'VERSION_CONFLICT', expected: 5, actual: 1 },
    });
    expect(duplicate).toMatchObject({ ok: true, value: { nextExpectedVersion: 1, duplicate: true } });
    expect(partial).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(e).toMatchObject({ ok: true, value: { nextExpectedVersion: 1, duplicate: false } });
    const numbers = async (stream: string) =>
      (await store.readStream(stream)).events.map((recorded) => (recorded.data as { n: number }).n);
    expect(await numbers(`a-${t}`)).toEqual([1, 2]);
    expect(await numbers(`c-${t}`)).toEqual([0]);
    expect(await numbers(`d-${t}`)).toEqual([0]);
    expect(await numbers(`p-${t}`)).toEqual([0]);
    expect(await numbers(`e-${t}`)).toEqual([3]);
    // The duplicate answers with the original's position; positions of a batch are distinct.
    if (a.ok && e.ok) expect(a.value.lastPosition).not.toBe(e.value.lastPosition);
  });

  it('writes the appends to one stream made in one turn in call order, one transaction each', async () => {
    const store = open();
    const stream = `same-${tag()}`;
    await store.readStream('warm-up');
    const results = await Promise.all([
      outcome(store.appendToStream(stream, [event(1)], { expectedVersion: 0 })),
      outcome(store.appendToStream(stream, [event(2)], { expectedVersion: 1 })),
      outcome(store.appendToStream(stream, [event(3)], { expectedVersion: 1 })),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ error: { code: 'VERSION_CONFLICT', actual: 2 } });
    expect((await store.readStream(stream)).events.map((recorded) => recorded.streamVersion)).toEqual([1, 2]);
  });

  it('sends a full batch at once, without waiting for the window; the rest waits for it', async () => {
    const store = openStore({ groupCommit: { windowMs: 2_000, maxBatchSize: 3 } });
    await store.readStream('warm-up');
    const t = tag();
    const started = performance.now();
    const settledAt = (promise: Promise<unknown>) => promise.then(() => performance.now() - started);
    const before = store.appendStats();
    const times = await Promise.all(
      [0, 1, 2, 3].map((n) =>
        settledAt(store.appendToStream(`full-${t}-${n}`, [event(n)], { expectedVersion: 'no_stream' })),
      ),
    );
    // The first three filled a batch and were written at once; the fourth waited for the window.
    for (const ms of times.slice(0, 3)) expect(ms).toBeLessThan(1_000);
    expect(times[3]).toBeGreaterThanOrEqual(1_900);
    expect(store.appendStats().transactions - before.transactions).toBe(2);
    expect(store.appendStats().appends - before.appends).toBe(4);
  });

  it('refuses a call of append_to_streams that names one stream twice, and writes nothing', async () => {
    const store = open();
    const stream = `twice-${tag()}`;
    await store.readStream('warm-up');
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const appends = [1, 2].map((n, ord) => ({
        ord,
        stream,
        expected: null,
        events: [{ eventId: tag(), type: 'Tested', data: { n }, metadata: null }],
      }));
      await expect(
        client.query(`SELECT * FROM "${schema}".append_to_streams($1::jsonb)`, [JSON.stringify(appends)]),
      ).rejects.toMatchObject({ code: '22023' });
    } finally {
      await client.end();
    }
    expect((await store.readStream(stream)).currentVersion).toBe(0);
  });

  it('never deadlocks: batches over the same streams from two stores, in opposite orders', async () => {
    const [first, second] = [open(), open()];
    const streams = Array.from({ length: 8 }, () => `lock-${tag()}`);
    const errors: unknown[] = [];
    const round = (store: PostgresEventStore, names: readonly string[], n: number) =>
      Promise.all(
        names.map((stream) =>
          store.appendToStream(stream, [event(n)], { expectedVersion: 'any' }).catch((error: unknown) => {
            errors.push(error);
          }),
        ),
      );
    for (let n = 0; n < 30; n++)
      await Promise.all([round(first, streams, n), round(second, [...streams].reverse(), n)]);
    expect(errors).toEqual([]);
    for (const stream of streams) expect((await first.readStream(stream)).currentVersion).toBe(60);
  });

  it('holds back later commits until an earlier multi-stream transaction commits, then delivers in order', async () => {
    const store = open();
    const category = `gm${tag()}`;
    const from = (await store.appendToStream(`marker-${tag()}`, [event(0)], { expectedVersion: 'any' }))
      .lastPosition;
    const subscription = collectEvents(store, { fromPosition: from, category });
    const delivered = subscription.events;

    // A multi-stream transaction takes its positions, then stays open.
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query('BEGIN');
    const held = await client.query<{ last_position: string }>(
      `SELECT last_position::text FROM "${schema}".append_to_streams($1::jsonb) ORDER BY ord`,
      [
        JSON.stringify(
          ['x', 'y'].map((name, ord) => ({
            ord,
            stream: `${category}-${name}`,
            expected: null,
            events: [{ eventId: tag(), type: 'Tested', data: { n: ord + 1 }, metadata: null }],
          })),
        ),
      ],
    );
    const heldPositions = held.rows.map((row) => BigInt(row.last_position));
    // Later appends (a batch of two streams, and one alone) commit meanwhile, at higher positions.
    const later = await Promise.all([
      store.appendToStream(`${category}-z`, [event(3)], { expectedVersion: 'any' }),
      store.appendToStream(`${category}-w`, [event(4)], { expectedVersion: 'any' }),
    ]);
    const alone = await store.appendToStream(`${category}-v`, [event(5)], { expectedVersion: 'any' });
    for (const result of [...later, alone])
      for (const position of heldPositions) expect(position < result.lastPosition).toBe(true);
    await sleep(300);
    expect(delivered).toEqual([]);

    await client.query('COMMIT');
    await client.end();
    await subscription.stopAfter(5, 5_000);
    const positions = delivered.map((recorded) => recorded.globalPosition);
    expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : 1)));
    expect(delivered.map((recorded) => (recorded.data as { n: number }).n).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
