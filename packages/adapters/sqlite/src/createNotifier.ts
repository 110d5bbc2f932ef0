/** Wakes waiting subscriptions. */
export interface Notifier {
  /** Resolves on the next `notify()`, after `timeoutMs`, or when `signal` aborts, whichever comes first. */
  readonly wait: (timeoutMs: number, signal?: AbortSignal) => Promise<void>;
  /** Wakes every current waiter. */
  readonly notify: () => void;
}

/** The in-process live path: an append through this store wakes its subscriptions at once. */
export const createNotifier = (): Notifier => {
  const waiters = new Set<() => void>();
  const notify = (): void => {
    const woken = [...waiters];
    waiters.clear();
    for (const wake of woken) wake();
  };
  const wait = (timeoutMs: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal?.addEventListener('abort', wake, { once: true });
      waiters.add(wake);
    });
  return { wait, notify };
};
