import type { ProcessorCall } from '../processorContext';
import type { PartitionStateChanges } from '../processorPort';
import { applyChanges, readStateChain } from './readStateChain';
import { snapshotDue } from './snapshotPolicy';
import type { StatePointer } from './statePointer';
import { encodeStateRecord } from './stateRecord';
import { writeStateRecord } from './writeStateRecord';

/** What writing a commit's changes came to: the new pointer, and what a snapshot lets go of. */
export interface StateWrite {
  readonly pointer: StatePointer | null;
  /** After a snapshot: its first revision, before which the state stream may be truncated once it counts. */
  readonly truncateBefore?: bigint;
}

/**
 * Writes a commit's changes to the partition's state stream, on top of `base` (the state the lease
 * record points to): as one record of changes linked to it, or, when the snapshot policy says so, as a
 * snapshot of the whole state (read from `base`, the changes applied). Nothing is written for no
 * changes, nor for deletions from the empty state. `'broken'` when `base` could not be read whole (a
 * newer snapshot truncated it meanwhile: the lease record has moved on).
 */
export const writeStateChanges = async (
  call: ProcessorCall,
  stream: string,
  base: StatePointer | null,
  changes: PartitionStateChanges,
): Promise<StateWrite | 'broken'> => {
  const set = changes.set ?? [];
  const deleted = changes.delete ?? [];
  if (set.length === 0 && (deleted.length === 0 || base === null)) return { pointer: base };
  const record = encodeStateRecord({ kind: 'changes', prev: base?.head ?? null, set, delete: deleted });
  if (!snapshotDue(base, record.bytes, record.events)) {
    const written = await writeStateRecord(call, stream, record);
    return {
      pointer: {
        head: written.head,
        events: (base?.events ?? 0) + record.events,
        bytes: (base?.bytes ?? 0) + record.bytes,
        snapshotBytes: base?.snapshotBytes ?? 0,
      },
    };
  }
  const state = base === null ? new Map<string, string>() : await readStateChain(call, stream, base);
  if (state === 'broken') return 'broken';
  const snapshot = encodeStateRecord({
    kind: 'snapshot',
    entries: [...applyChanges(state, { set, delete: deleted })],
  });
  const written = await writeStateRecord(call, stream, snapshot);
  return {
    pointer: { head: written.head, events: 0, bytes: 0, snapshotBytes: snapshot.bytes },
    truncateBefore: written.first,
  };
};
