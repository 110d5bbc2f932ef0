import type { StatePointer } from './statePointer';

/**
 * What one event costs a read besides its payload, in bytes: EventStoreDB's record header, ids, type
 * and index entry, and the gRPC message around it.
 */
export const EVENT_OVERHEAD_BYTES = 200;

/** A state smaller than this is not worth a snapshot each time: changes may add up to it first. */
export const MIN_CHANGES_BUDGET_BYTES = 32_768;

/**
 * Whether the state should be written as a snapshot rather than one more record of changes: when the
 * changes since the last snapshot (this one included, with each event's overhead) would weigh more
 * than that snapshot (or {@link MIN_CHANGES_BUDGET_BYTES}). So a read of the state costs at most about
 * twice the state at the last snapshot (or the budget), whatever the number of commits; and each
 * snapshot is paid for by at least as many bytes of changes before it, so writing snapshots costs each
 * commit a constant factor of its own changes, amortized.
 */
export const snapshotDue = (
  pointer: StatePointer | null,
  changeBytes: number,
  changeEvents: number,
): boolean => {
  const bytes = (pointer?.bytes ?? 0) + changeBytes;
  const events = (pointer?.events ?? 0) + changeEvents;
  return (
    bytes + events * EVENT_OVERHEAD_BYTES > Math.max(pointer?.snapshotBytes ?? 0, MIN_CHANGES_BUDGET_BYTES)
  );
};
