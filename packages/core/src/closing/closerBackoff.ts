/** How a closer waits before trying again after a failure. */
export interface CloserBackoff {
  /** The wait before the first retry, in ms. Default 100. */
  readonly baseDelayMs: number;
  /** The longest wait, in ms. Default 30 000. */
  readonly maxDelayMs: number;
}

/** The default backoff: 100 ms, doubling up to 30 s. */
export const defaultCloserBackoff: CloserBackoff = Object.freeze({ baseDelayMs: 100, maxDelayMs: 30_000 });

/** Checks a backoff; returns a message naming the wrong field, or null. */
export const closerBackoffError = (backoff: CloserBackoff): string | null => {
  if (!(Number.isFinite(backoff.baseDelayMs) && backoff.baseDelayMs >= 0))
    return 'backoff.baseDelayMs must be a non-negative number';
  if (!(Number.isFinite(backoff.maxDelayMs) && backoff.maxDelayMs >= backoff.baseDelayMs))
    return 'backoff.maxDelayMs must be a number no smaller than backoff.baseDelayMs';
  return null;
};

/**
 * The wait before retry number `attempt` (1 for the first): `baseDelayMs · 2^(attempt − 1)`, capped at
 * `maxDelayMs`, with jitter in its upper half so that several closers do not retry in step.
 */
export const closerBackoffDelay = (attempt: number, backoff: CloserBackoff, random: () => number): number => {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
