import type { PartitionStateWriter } from './processorOptions';
import type { PartitionStateChanges } from './processorStore';

/** Changes of a partition's state, collected batch after batch; the later change of a key wins. */
export interface StateChanges extends PartitionStateWriter {
  /** Adds the changes of a later batch. */
  merge(later: StateChanges): void;
  /** What to commit: undefined when nothing changed. */
  changes(): PartitionStateChanges | undefined;
}

/** An empty {@link StateChanges}. */
export const collectStateChanges = (): StateChanges => {
  const set = new Map<string, string>();
  const deleted = new Set<string>();
  const writer: StateChanges = {
    set: (key, value) => {
      deleted.delete(key);
      set.set(key, value);
    },
    delete: (key) => {
      set.delete(key);
      deleted.add(key);
    },
    merge: (later) => {
      const { set: laterSet = [], delete: laterDeleted = [] } = later.changes() ?? {};
      // A commit applies its deletes before its sets: a key both deleted and set by `later` was set last.
      for (const key of laterDeleted) writer.delete(key);
      for (const [key, value] of laterSet) writer.set(key, value);
    },
    changes: () =>
      set.size === 0 && deleted.size === 0 ? undefined : { set: [...set], delete: [...deleted] },
  };
  return writer;
};
