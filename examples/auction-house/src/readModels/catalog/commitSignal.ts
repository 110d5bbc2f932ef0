/** Listeners of the catalog's commits (see {@link createCommitSignal}). */
export interface CommitSignal {
  /** Calls `listener` after each commit from now on; answers a function that removes it. */
  subscribe(listener: () => void): () => void;
  /** Calls every listener once, in the order they subscribed. */
  emit(): void;
}

/**
 * A signal the catalog emits after each batch it has written and committed. A listener that throws is
 * reported to `onListenerError` and the others still run: no listener can stop the catalog's processor.
 */
export const createCommitSignal = (onListenerError: (error: unknown) => void): CommitSignal => {
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      // A wrapper per subscription: the same function subscribed twice is called twice, removed once each.
      const entry = () => listener();
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit: () => {
      for (const listener of listeners)
        try {
          listener();
        } catch (error) {
          onListenerError(error);
        }
    },
  };
};
