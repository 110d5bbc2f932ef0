import { describe, expect, it } from 'vitest';
import { partitionOf } from '../src/index';
import type { HandledEvent, HandledLogLine } from './handledLog';
import {
  batchesOf,
  batchShapeProblems,
  fencingProblems,
  leaseProblems,
  lifeProblems,
  overlappingBatchProblems,
  ownershipAtProblems,
  ownershipOrderProblems,
  type ProcessLog,
  skippedEventProblems,
  takeoversOf,
  unhandledEventProblems,
} from './handledLogChecks';

// Each check of the processors-across-processes test passes on a sound log and fails on one that
// breaks it: a check that cannot fail proves nothing. Times are ms from 0 (shown as 00:00:00.xxx).

/** Events of stream `auction-s`, version n at position n. */
const ev = (...versions: number[]): HandledEvent[] => versions.map((v) => ['auction-s', v, String(v)]);
const store = ev(1, 2, 3, 4);

/**
 * `a` takes partition 0 (token 1), handles versions 1 to 3 in two batches and releases it at 6; `b`
 * takes it (token 2) and handles version 4. Leases last 1 000 ms.
 */
const sound = (): ProcessLog[] => [
  {
    label: 'a',
    lines: [
      { t: 'hello', pid: 1, at: 0 },
      { t: 'acquire', p: 0, at: 0.5, answeredAt: 0.8, token: 1, expiresAt: 1_000 },
      { t: 'assigned', p: 0, at: 1 },
      { t: 'start', b: 1, p: 0, at: 2, events: ev(1, 2) },
      { t: 'end', b: 1, at: 3 },
      { t: 'commit', p: 0, token: 1, position: '2', at: 3.1, answeredAt: 3.2, saved: true },
      { t: 'start', b: 2, p: 0, at: 4, events: ev(3) },
      { t: 'end', b: 2, at: 5 },
      { t: 'commit', p: 0, token: 1, position: '3', at: 5.1, answeredAt: 5.2, saved: true },
      { t: 'revoked', p: 0, at: 6 },
      { t: 'release', ps: [0], at: 6.1 },
      { t: 'stopped', at: 20 },
    ],
  },
  {
    label: 'b',
    lines: [
      { t: 'hello', pid: 2, at: 0 },
      { t: 'acquire', p: 0, at: 6.5, answeredAt: 6.8, token: 2, expiresAt: 1_006 },
      { t: 'assigned', p: 0, at: 7 },
      { t: 'start', b: 1, p: 0, at: 8, events: ev(4) },
      { t: 'end', b: 1, at: 9 },
      { t: 'commit', p: 0, token: 2, position: '4', at: 9.1, answeredAt: 9.2, saved: true },
      { t: 'beat', at: 10, answeredAt: 10.5, now: 10, held: [[0, 2, 1_010]] },
      { t: 'stopped', at: 20 },
    ],
  },
];

const linesOf = (label: string): HandledLogLine[] => [
  ...((sound().find((log) => log.label === label) as ProcessLog).lines as HandledLogLine[]),
];
/** The sound logs, with process `label`'s lines replaced (and it killed at `killedAt`). */
const withLines = (label: string, lines: readonly HandledLogLine[], killedAt?: number): ProcessLog[] =>
  sound().map((log) =>
    log.label === label ? { label, lines, ...(killedAt === undefined ? {} : { killedAt }) } : log,
  );
/** Process `label`'s lines up to `at` (those it wrote before dying then). */
const until = (label: string, at: number): HandledLogLine[] => linesOf(label).filter((line) => line.at <= at);
/** Process `label`'s lines with `changed` applied to each. */
const mapLines = (label: string, changed: (line: HandledLogLine) => HandledLogLine): HandledLogLine[] =>
  linesOf(label).map(changed);
/** Process `label`'s lines with `more` added, in time order. */
const plus = (label: string, ...more: HandledLogLine[]): HandledLogLine[] =>
  [...linesOf(label), ...more].sort((x, y) => x.at - y.at);

const allChecks = (logs: ProcessLog[]): string[] => {
  const batches = logs.flatMap(batchesOf);
  return [
    ...lifeProblems(logs),
    ...unhandledEventProblems(store, batches),
    ...batchShapeProblems(batches, 1),
    ...ownershipOrderProblems(logs),
    ...skippedEventProblems(batches),
    ...overlappingBatchProblems(logs),
    ...leaseProblems(logs),
    ...fencingProblems(logs),
    ...ownershipAtProblems(logs, 10, 1),
  ];
};

describe('the checks of processors across processes', () => {
  it('find nothing wrong in a sound log', () => {
    expect(allChecks(sound())).toEqual([]);
  });

  it('find an event of the store that no finished batch handled', () => {
    expect(unhandledEventProblems(ev(1, 2, 3, 4, 5), sound().flatMap(batchesOf))).toEqual([
      "1 of the store's 5 events were never handled: auction-s@5 (position 5)",
    ]);
    // A batch cut by a death does not count as handled.
    expect(unhandledEventProblems(store, withLines('b', until('b', 8.5), 8.5).flatMap(batchesOf))).toEqual([
      "1 of the store's 4 events were never handled: auction-s@4 (position 4)",
    ]);
    // An event the store has at another position is reported.
    const moved = mapLines('b', (line) =>
      line.t === 'start' ? { ...line, events: [['auction-s', 4, '40'] as const] } : line,
    );
    expect(unhandledEventProblems(store, withLines('b', moved).flatMap(batchesOf))).toEqual([
      'b handled auction-s@4 at position 40, but the store has it at 4',
    ]);
  });

  it('find a batch out of global order, of another partition, with a gap in a stream, or empty', () => {
    const named = (partition: number): string =>
      ['x', 'y', 'z', 'v', 'w']
        .map((n) => `auction-${n}`)
        .find((name) => partitionOf(name, 2) === partition) as string;
    const [mine, other] = [named(0), named(1)];
    const batch = (b: number, events: HandledEvent[]): HandledLogLine => ({
      t: 'start',
      b,
      p: 0,
      at: b,
      events,
    });
    const lines: HandledLogLine[] = [
      batch(1, [
        [mine, 2, '2'],
        [mine, 1, '1'],
      ]),
      batch(2, [[other, 1, '9']]),
      batch(3, [
        [mine, 1, '1'],
        [mine, 3, '3'],
      ]),
      batch(4, []),
    ];
    expect(batchShapeProblems(batchesOf({ label: 'a', lines }), 2)).toEqual([
      `a batch 1 (partition 0): ${mine}@1 is out of global order`,
      `a batch 1 (partition 0): ${mine} goes from version 2 to 1`,
      `a batch 2 (partition 0) holds ${other}, of partition 1`,
      `a batch 3 (partition 0): ${mine} goes from version 1 to 3`,
      'a batch 4 (partition 0) is empty',
    ]);
  });

  it('find a process handling a partition it does not own, or skipping versions within an ownership', () => {
    const unassigned = linesOf('b').filter((line) => line.t !== 'assigned');
    expect(ownershipOrderProblems(withLines('b', unassigned))).toEqual([
      'b started batch 1 of partition 0 at 00:00:00.008 while not owning it (never assigned)',
    ]);
    const afterRevoked = plus(
      'a',
      { t: 'start', b: 3, p: 0, at: 6.5, events: ev(4) },
      { t: 'end', b: 3, at: 6.6 },
    );
    expect(ownershipOrderProblems(withLines('a', afterRevoked))).toEqual([
      'a started batch 3 of partition 0 at 00:00:00.006 while not owning it (revoked 0.5 ms before)',
    ]);
    const gap = mapLines('a', (line) =>
      line.t === 'start' && line.b === 1 ? { ...line, events: ev(1) } : line,
    );
    expect(ownershipOrderProblems(withLines('a', gap))).toEqual([
      'a skipped versions of auction-s in partition 0: 1 then 3 (batch 2)',
    ]);
    // A redelivery from a lower version is no skip.
    const again = mapLines('a', (line) =>
      line.t === 'start' && line.b === 2 ? { ...line, events: ev(2, 3) } : line,
    );
    expect(ownershipOrderProblems(withLines('a', again))).toEqual([]);
  });

  it('find a new owner starting past what had been handled, though the union of the logs is complete', () => {
    // b starts at version 4 when a has handled only 1 and 2; a handles 3 afterwards.
    const late = mapLines('a', (line) =>
      line.t === 'start' && line.b === 2
        ? { ...line, at: 9.5 }
        : line.t === 'end' && line.b === 2
          ? { ...line, at: 9.6 }
          : line,
    );
    const logs = withLines('a', late);
    expect(unhandledEventProblems(store, logs.flatMap(batchesOf))).toEqual([]);
    expect(skippedEventProblems(logs.flatMap(batchesOf))).toEqual([
      'b batch 1 (partition 0) started auction-s at version 4 when only versions up to 2 had been handled',
    ]);
  });

  it('find two processes handling one partition at once, a dead one only until its death', () => {
    const during = mapLines('b', (line) => (line.t === 'start' ? { ...line, at: 4.5 } : line));
    expect(overlappingBatchProblems(withLines('b', during))).toEqual([
      'partition 0: a batch 2 (00:00:00.004 to 00:00:00.005) and b batch 1 (from 00:00:00.004) overlap by 0.5 ms',
    ]);
    // a killed at 4.2 in the middle of batch 2: its batch ends there, and b's from 4.5 overlaps nothing.
    const logs = withLines('b', during).map((log) =>
      log.label === 'a' ? { ...log, lines: until('a', 4.2), killedAt: 4.2 } : log,
    );
    expect(overlappingBatchProblems(logs)).toEqual([]);
    // A batch that never ended, in a process that was not killed, overlaps everything after it.
    expect(overlappingBatchProblems(withLines('a', until('a', 4.2)))).toEqual([
      'partition 0: a batch 2 (00:00:00.004 to never) and b batch 1 (from 00:00:00.008) overlap by 1.0 ms',
    ]);
    expect(lifeProblems(withLines('a', until('a', 4.2)))).toEqual([
      'a never finished batches 2 though it was not killed',
      'a never logged its stop',
    ]);
  });

  it('find a batch started after its lease expired, was released, or was reported lost', () => {
    const expired = mapLines('b', (line) => (line.t === 'acquire' ? { ...line, expiresAt: 5 } : line));
    expect(leaseProblems(withLines('b', expired))).toEqual([
      'b started batch 1 of partition 0 at 00:00:00.008, 3.0 ms after its lease (token 2, last acquire) expired',
    ]);
    const released = plus('b', { t: 'release', ps: [0], at: 7.5 });
    expect(leaseProblems(withLines('b', released))).toEqual([
      'b started batch 1 of partition 0 at 00:00:00.008, though it was released at 00:00:00.007',
    ]);
    const lost = plus('b', { t: 'beat', at: 7.2, answeredAt: 7.6, now: 7.3, held: [] });
    expect(leaseProblems(withLines('b', lost))).toEqual([
      'b started batch 1 of partition 0 at 00:00:00.008, though a heartbeat answered at 00:00:00.007 said it was no longer held',
    ]);
    const refused = mapLines('b', (line) =>
      line.t === 'acquire' ? { ...line, token: null, expiresAt: null } : line,
    );
    expect(leaseProblems(withLines('b', refused))).toEqual([
      'b started batch 1 of partition 0 at 00:00:00.008, though the store refused to give it at 00:00:00.006',
    ]);
    // A batch past the acquired lease's expiry is fine once a heartbeat renewed it.
    const later: HandledLogLine[] = [
      ...linesOf('b').filter((line) => line.t !== 'beat' && line.t !== 'stopped'),
      { t: 'start', b: 2, p: 0, at: 1_500, events: ev(4) },
      { t: 'end', b: 2, at: 1_501 },
    ];
    expect(leaseProblems(withLines('b', later))).toEqual([
      'b started batch 2 of partition 0 at 00:00:01.500, 494.0 ms after its lease (token 2, last acquire) expired',
    ]);
    const renewal: HandledLogLine = { t: 'beat', at: 9.3, answeredAt: 9.4, now: 9.3, held: [[0, 2, 2_000]] };
    expect(leaseProblems(withLines('b', [...later.slice(0, -2), renewal, ...later.slice(-2)]))).toEqual([]);
  });

  it('find a checkpoint the store took from a superseded owner, and tokens given twice', () => {
    const stale: HandledLogLine = {
      t: 'commit',
      p: 0,
      token: 1,
      position: '9',
      at: 8.5,
      answeredAt: 8.6,
      saved: true,
    };
    expect(fencingProblems(withLines('a', plus('a', stale)))).toEqual([
      "the store took a's checkpoint 9 of partition 0 under token 1 at 00:00:00.008, though b had acquired it under token 2 at 00:00:00.006",
    ]);
    // Refused, it is fencing at work.
    expect(fencingProblems(withLines('a', plus('a', { ...stale, saved: false })))).toEqual([]);
    const twice = mapLines('b', (line) => (line.t === 'acquire' ? { ...line, token: 1 } : line));
    expect(fencingProblems(withLines('b', twice))).toEqual([
      'b acquired partition 0 under token 1 at 00:00:00.006, after token 1 had been given',
      "the store took b's checkpoint of partition 0 under token 2, not its latest (1)",
    ]);
  });

  it('find a killed process that went on, and partitions with no owner or two', () => {
    expect(lifeProblems(withLines('a', linesOf('a'), 4.5))).toEqual(['a logged 5 lines after it was killed']);
    expect(ownershipAtProblems(sound(), 6.5, 2)).toEqual([
      'partition 0 has 0 owners ()',
      'partition 1 has 0 owners ()',
    ]);
    const both = mapLines('b', (line) => (line.t === 'assigned' ? { ...line, at: 5.5 } : line));
    expect(ownershipAtProblems(withLines('b', both), 5.7, 1)).toEqual(['partition 0 has 2 owners (a, b)']);
  });

  it('time the takeover of a killed process’s partitions, and see when none came', () => {
    const killed = withLines('a', until('a', 5.5), 5.5);
    expect(takeoversOf(killed, 'a', 5.2)).toEqual([
      { partition: 0, by: 'b', afterMs: expect.closeTo(1.8, 6), leaseEndMs: expect.closeTo(994.8, 6) },
    ]);
    const never = killed.map((log) =>
      log.label === 'b' ? { ...log, lines: log.lines.filter((line) => line.t !== 'assigned') } : log,
    );
    expect(takeoversOf(never, 'a', 5.2)).toEqual([
      {
        partition: 0,
        by: undefined,
        afterMs: Number.POSITIVE_INFINITY,
        leaseEndMs: expect.closeTo(994.8, 6),
      },
    ]);
  });
});
