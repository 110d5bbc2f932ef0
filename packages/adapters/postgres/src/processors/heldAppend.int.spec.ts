import { createProcessor, partitionOf, type RecordedEvent } from '@gavel/core';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HeldAppend, holdAppend } from '../../test/heldAppend';
import { assertPostgresReachable, pgUrl } from '../../test/pgTestEnv';
import { useTestSchema } from '../../test/testSchema';

beforeAll(assertPostgresReachable);
const { open, schema } = useTestSchema('gavel_held');
const store = open({ pollIntervalMs: 20 });
const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls `condition` until it holds or 5 s passed (the assertions after it say what did not happen). */
const waitUntil = async (condition: () => boolean): Promise<void> => {
  for (const deadline = Date.now() + 5_000; !condition() && Date.now() < deadline; ) await sleep(20);
};
const PARTITIONS = 2;
const LEASE_MS = 1_000; // renewals (and quiet partitions' checkpoint moves) every 100 ms

let held: HeldAppend[] = [];
/** What to stop after the test, whatever its outcome (the processor, the checkpoint watch). */
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop().catch(() => undefined);
  for (const append of held.splice(0)) await append.rollback().catch(() => undefined);
});

/** Streams of `category`, the first `count` names that fall in `partition`. */
const streamsIn = (category: string, partition: number, count: number): string[] => {
  const names: string[] = [];
  for (let n = 0; names.length < count; n++)
    if (partitionOf(`${category}-${n}`, PARTITIONS) === partition) names.push(`${category}-${n}`);
  return names;
};

const appendOne = async (stream: string, n: number): Promise<bigint> =>
  (await store.appendToStream(stream, [{ type: 'Tested', data: { n } }], { expectedVersion: 'any' }))
    .lastPosition;

/** Samples the processor's checkpoints in the database every few ms, on a connection of its own. */
const watchCheckpoints = async (processor: string) => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const samples: { readonly partition: number; readonly checkpoint: bigint }[] = [];
  let watching = true;
  const sample = async (): Promise<void> => {
    const { rows } = await client.query<{ partition: number; checkpoint: string }>(
      `SELECT partition, checkpoint::text FROM "${schema}".processor_partitions WHERE processor = $1`,
      [processor],
    );
    for (const row of rows) samples.push({ partition: row.partition, checkpoint: BigInt(row.checkpoint) });
  };
  const sampling = (async () => {
    while (watching) {
      await sample();
      await sleep(10);
    }
  })().catch((error: unknown) => {
    if (watching) throw error;
  });
  return {
    samples,
    /** Stops sampling, after one last sample (what the processor saved as it stopped). */
    stop: async () => {
      watching = false;
      await sampling;
      await sample();
      await client.end().catch(() => undefined);
    },
  };
};

describe('a processor over an append held open below later commits', () => {
  it('handles batches meanwhile, never moves a checkpoint past it (not even across a restart), and handles it once committed', async () => {
    const category = `held${tag()}`;
    const [heldStream, firstZero] = streamsIn(category, 0, 2) as [string, string];
    const [one, lateOne] = streamsIn(category, 1, 2) as [string, string];
    for (let n = 1; n <= 3; n++) for (const stream of [heldStream, one]) await appendOne(stream, n);

    const name = `held-${tag()}`;
    const handled: RecordedEvent[] = [];
    const processorOn = () =>
      createProcessor({
        store,
        name,
        category,
        partitions: PARTITIONS,
        leaseMs: LEASE_MS,
        batchSize: 2,
        onError: () => {},
        handle: (events) => {
          handled.push(...events);
        },
      });
    let processor = processorOn();
    running.push(() => processor.stop());
    await processor.start();
    expect(handled).toHaveLength(6);
    const watch = await watchCheckpoints(name);
    running.push(watch.stop);

    // An append below the held one, also held for now, and the held one: positions taken, uncommitted.
    const below = await holdAppend(schema, firstZero, 1);
    held.push(below);
    const inFlight = await holdAppend(schema, heldStream, 4);
    held.push(inFlight);
    expect(below.position).toBeLessThan(inFlight.position);
    // Later appends commit, in both partitions.
    const late = [await appendOne(one, 4), await appendOne(lateOne, 1), await appendOne(one, 5)];
    expect(late.every((position) => position > inFlight.position)).toBe(true);
    // The one below commits: the processor handles it (a batch while the held one is in flight).
    await below.commit();
    held = [inFlight];
    await waitUntil(() => handled.some((e) => e.globalPosition === below.position));
    // Several renewals (each moves quiet partitions' checkpoints up to the reader), then a restart.
    await sleep(6 * (LEASE_MS / 10));
    await processor.stop();
    processor = processorOn();
    await processor.start();
    await sleep(6 * (LEASE_MS / 10));
    const whileHeld = {
      samples: watch.samples.length,
      readerPosition: processor.stats().position,
      handled: handled.map((e) => e.globalPosition),
    };

    await inFlight.commit();
    held = [];
    const all = [inFlight.position, ...late];
    await waitUntil(() => all.every((p) => handled.some((e) => e.globalPosition === p)));
    await processor.stop();
    await watch.stop();

    const duringHold = watch.samples.slice(0, whileHeld.samples);
    expect(duringHold.length).toBeGreaterThan(20);
    // No checkpoint reached the held position while it was in flight, nor did the reader.
    expect(duringHold.filter(({ checkpoint }) => checkpoint >= inFlight.position)).toEqual([]);
    expect(whileHeld.readerPosition).toBeLessThan(inFlight.position);
    // Meanwhile it handled what committed below it, and nothing above it.
    expect(whileHeld.handled.filter((position) => position >= inFlight.position)).toEqual([]);
    expect(whileHeld.handled).toContain(below.position);
    // The checkpoint of the one below's partition moved up to it (at least) during the hold.
    expect(duringHold.some((s) => s.partition === 0 && s.checkpoint >= below.position)).toBe(true);
    // Every event handled, the held one included, each stream in order: a version at most one above the
    // one before it (the restart may deliver some again, from lower).
    const versions = new Map<string, number[]>();
    for (const event of handled)
      versions.set(event.streamName, [...(versions.get(event.streamName) ?? []), event.streamVersion]);
    for (const [stream, list] of versions)
      expect(
        list.every((version, i) => version <= (i === 0 ? 1 : (list[i - 1] as number) + 1)),
        `${stream}: ${list.join(', ')}`,
      ).toBe(true);
    expect(Object.fromEntries([...versions].map(([stream, list]) => [stream, Math.max(...list)]))).toEqual({
      [heldStream]: 4,
      [one]: 5,
      [firstZero]: 1,
      [lateOne]: 1,
    });
    // And the checkpoints passed it once it committed.
    expect(
      watch.samples.slice(whileHeld.samples).some(({ checkpoint }) => checkpoint >= inFlight.position),
    ).toBe(true);
  });
});
