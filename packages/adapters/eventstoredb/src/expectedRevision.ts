import type { ExpectedVersion } from '@gavel/core';

/** What the EventStoreDB client takes as `expectedRevision`: a revision or one of three states. */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

/**
 * Gavel's expected version (a count of events) as EventStoreDB's expected revision (the 0-based number
 * of the last event): a stream of n events is at revision n - 1, so version n → revision n - 1 and
 * version 0 → `'no_stream'`. The three named states map to themselves.
 */
export const toExpectedRevision = (expected: ExpectedVersion): ExpectedRevision =>
  typeof expected === 'number' ? (expected === 0 ? 'no_stream' : BigInt(expected - 1)) : expected;

/**
 * A stream's revision as Gavel's version (its count of events): revision r → version r + 1;
 * `'no_stream'` (or -1, which some client paths report for a missing stream) → 0.
 */
export const toVersion = (revision: bigint | 'no_stream'): number =>
  revision === 'no_stream' || revision < 0n ? 0 : Number(revision) + 1;
