/** How long to wait before retrying after a transient error. */
export interface BackoffOptions {
  /** The first delay (ms). Default 100. */
  readonly initialMs?: number;
  /** The longest delay (ms). Default 5000. */
  readonly maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0-based): exponential from `initialMs`, capped at `maxMs`,
 * with "full jitter" (uniform in [delay/2, delay]) so that many clients do not retry in lockstep.
 */
export const backoffDelay = (attempt: number, options: BackoffOptions = {}, random = Math.random): number => {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 5_000;
  const delay = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(delay / 2 + (random() * delay) / 2);
};

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
