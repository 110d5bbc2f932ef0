import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { emptyBatchJob } from './batchJob';
import { emptyDeadlines } from './deadlines';
import { createLaneTable, type Lane } from './lanes';

/** A lane table whose lanes do nothing, counting the lanes it made. */
const table = (maxCachedAuctions: number) => {
  const made: string[] = [];
  const lanes = createLaneTable(maxCachedAuctions, (auctionId) => {
    made.push(auctionId);
    const lane: Lane = {
      auctionId,
      streamName: `auction-${auctionId}`,
      queue: [],
      draining: false,
      cache: undefined,
      inFlight: null,
      job: emptyBatchJob(),
      split: [],
      deadlines: emptyDeadlines(),
      drain: () => {},
      appended: () => {},
      appendFailed: () => {},
      expireDue: () => {},
    };
    return lane;
  });
  const kept = (ids: readonly string[]) => ids.filter((id) => lanes.peek(id) !== undefined);
  return { lanes, made, kept };
};

describe('createLaneTable', () => {
  it('makes one lane per auction and gives it back until it is forgotten', () => {
    const { lanes, made } = table(10);
    const a = lanes.laneOf('a');
    expect(lanes.laneOf('b')).not.toBe(a);
    expect(lanes.laneOf('a')).toBe(a);
    expect(lanes.laneOf('a')).toBe(a);
    expect(lanes.peek('a')).toBe(a);
    expect(lanes.peek('c')).toBeUndefined();
    expect(made).toEqual(['a', 'b']);
  });

  it('forgets the least recently used idle lanes down to the bound, and no more', () => {
    const { lanes, kept } = table(2);
    for (const id of ['a', 'b', 'c', 'a', 'd']) lanes.laneOf(id);
    lanes.evictIdle();
    expect(kept(['a', 'b', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('keeps every lane while there are no more than the bound', () => {
    const { lanes, kept } = table(3);
    for (const id of ['a', 'b', 'c']) lanes.laneOf(id);
    lanes.evictIdle();
    expect(kept(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('does not move a lane when peeking at it', () => {
    const { lanes, kept } = table(2);
    for (const id of ['a', 'b']) lanes.laneOf(id);
    lanes.peek('a');
    lanes.laneOf('c');
    lanes.evictIdle();
    expect(kept(['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('keeps a lane that is draining or has queued commands, even past the bound', () => {
    const { lanes, kept } = table(1);
    lanes.laneOf('a').draining = true;
    lanes.laneOf('b').queue.push({} as Lane['queue'][number]);
    lanes.laneOf('c');
    lanes.evictIdle();
    expect(kept(['a', 'b', 'c'])).toEqual(['a', 'b']);
  });

  it('makes a new lane for an auction whose lane, the one used last, was forgotten', () => {
    const { lanes, made } = table(1);
    lanes.laneOf('a').draining = true;
    const b = lanes.laneOf('b');
    lanes.evictIdle();
    expect(lanes.peek('b')).toBeUndefined();
    const again = lanes.laneOf('b');
    expect(again).not.toBe(b);
    expect(lanes.peek('b')).toBe(again);
    expect(made).toEqual(['a', 'b', 'b']);
  });

  it('agrees with a model: an ordered list of lanes, idle ones dropped from the least recently used end', () => {
    const step = fc.oneof(
      fc.record({ use: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
      fc.record({ peek: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
      fc.record({ busy: fc.constantFrom('a', 'b', 'c', 'd', 'e'), on: fc.boolean() }),
      fc.constant({ evict: true as const }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 40 }), (bound, steps) => {
        const { lanes, made } = table(bound);
        let model: { readonly id: string; lane: Lane }[] = [];
        let madeByModel = 0;
        for (const s of steps) {
          if ('use' in s) {
            const at = model.findIndex((entry) => entry.id === s.use);
            const lane = lanes.laneOf(s.use);
            if (at === -1) madeByModel++;
            else expect(lane).toBe(model[at]?.lane);
            model = [...model.filter((entry) => entry.id !== s.use), { id: s.use, lane }];
          } else if ('peek' in s) {
            expect(lanes.peek(s.peek)).toBe(model.find((entry) => entry.id === s.peek)?.lane);
          } else if ('busy' in s) {
            const lane = lanes.peek(s.busy);
            if (lane !== undefined) lane.draining = s.on;
          } else {
            lanes.evictIdle();
            const next = [...model];
            for (const entry of model) {
              if (next.length <= bound) break;
              if (!entry.lane.draining) next.splice(next.indexOf(entry), 1);
            }
            model = next;
          }
          expect(made).toHaveLength(madeByModel);
        }
      }),
      seeded(300),
    );
  });
});
