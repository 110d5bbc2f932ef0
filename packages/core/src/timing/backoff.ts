/** How long to wait between attempts: exponential from `initialMs`, capped at `maxMs`. */
export interface Backoff {
  /** The wait before the first retry, in ms (a non-negative number). */
  readonly initialMs: number;
  /** The longest wait, in ms (no smaller than `initialMs`). */
  readonly maxMs: number;
}

/** The default backoff: 100 ms, doubling up to 30 s. */
export const defaultBackoff: Backoff = Object.freeze({ initialMs: 100, maxMs: 30_000 });

/**
 * Checks a backoff: returns a message naming the wrong field (under `name`, e.g. `'retry'`), or null.
 */
export const backoffProblem = (backoff: Backoff, name: string): string | null => {
  if (!(Number.isFinite(backoff.initialMs) && backoff.initialMs >= 0))
    return `${name}.initialMs must be a non-negative number`;
  if (!(Number.isFinite(backoff.maxMs) && backoff.maxMs >= backoff.initialMs))
    return `${name}.maxMs must be a number no smaller than ${name}.initialMs`;
  return null;
};

/**
 * The wait before retry number `attempt` (1 for the first): `initialMs · 2^(attempt − 1)`, capped at
 * `maxMs`, with "equal jitter" (uniform in the upper half, [delay/2, delay]) so that many retrying
 * clients do not retry in step, while the wait still grows.
 * @param random - a source of numbers in [0, 1); default `Math.random`
 */
export const backoffDelay = (
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
