import { afterEach, describe, expect, it } from 'vitest';
import { type HeldAppend, holdAppend } from '../../test/heldAppend';
import { useTestSchema } from '../../test/testSchema';
import { HEAD_SETTLE_MS } from './readHeadPosition';

const { open, schema } = useTestSchema('gavel_head');
const store = open();
/** A store of its own schema, without events. */
const empty = useTestSchema('gavel_head_empty').open();
const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const appendOne = async (stream: string) =>
  (await store.appendToStream(stream, [{ type: 'Tested', data: {} }], { expectedVersion: 'any' }))
    .lastPosition;

/** Polls `headPosition` until it reaches `position` (other test files' transactions may hold it back a moment). */
const headReaches = async (position: bigint, timeoutMs = 5_000): Promise<bigint> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.processors.headPosition();
    if (head >= position || Date.now() > deadline) return head;
    await sleep(20);
  }
};

let held: HeldAppend[] = [];
afterEach(async () => {
  for (const append of held.splice(0)) await append.rollback().catch(() => undefined);
});

describe('processors.headPosition: the safe horizon', () => {
  it('is 0 on a store without events, and the last event once every transaction has ended', async () => {
    expect(await empty.processors.headPosition()).toBe(0n);
    const last = await appendOne(`head-${tag()}`);
    expect(await headReaches(last)).toBeGreaterThanOrEqual(last);
  });

  it('stays below an append still in flight, though a later one has committed, until it commits', async () => {
    const before = await appendOne(`head-${tag()}`);
    const early = await holdAppend(schema, `head-${tag()}`, 1);
    held.push(early);
    const late = await appendOne(`head-${tag()}`);
    expect(early.position < late).toBe(true);
    // The late event is committed and visible, but a reader starting from it would skip the early one.
    const head = await store.processors.headPosition();
    expect(head).toBeGreaterThanOrEqual(before);
    expect(head).toBeLessThan(early.position);
    await sleep(100);
    expect(await store.processors.headPosition()).toBeLessThan(early.position);

    await early.commit();
    held = [];
    expect(await headReaches(late)).toBeGreaterThanOrEqual(late);
  });

  it('passes a position whose append rolled back once it has', async () => {
    const early = await holdAppend(schema, `head-${tag()}`, 1);
    held.push(early);
    const late = await appendOne(`head-${tag()}`);
    expect(await store.processors.headPosition()).toBeLessThan(early.position);
    await early.rollback();
    held = [];
    expect(await headReaches(late)).toBeGreaterThanOrEqual(late);
  });

  it('waits for a transaction that ends within the settle time, so it answers at or after the last event', async () => {
    const early = await holdAppend(schema, `head-${tag()}`, 1);
    held.push(early);
    const late = await appendOne(`head-${tag()}`);
    const asked = performance.now();
    const answer = store.processors.headPosition();
    await sleep(100);
    await early.commit();
    held = [];
    expect(await answer).toBeGreaterThanOrEqual(late);
    expect(performance.now() - asked).toBeLessThan(HEAD_SETTLE_MS);
  });

  it('answers the horizon below a transaction that outlasts the settle time, within it', async () => {
    const early = await holdAppend(schema, `head-${tag()}`, 1);
    held.push(early);
    await appendOne(`head-${tag()}`);
    const asked = performance.now();
    expect(await store.processors.headPosition()).toBeLessThan(early.position);
    const took = performance.now() - asked;
    expect(took).toBeGreaterThanOrEqual(HEAD_SETTLE_MS * 0.8);
    expect(took).toBeLessThan(HEAD_SETTLE_MS + 1_000);
  });
});
