import { InvalidOptionsError } from '../options/invalidOptionsError';

/**
 * How a retry's wait is drawn from its ceiling `c` (see {@link retryDelay}):
 * - `'full'`: uniform in `[0, c)`, rounded down to a whole ms. Spreads contending writers the most (the
 *   service's retries after a version conflict).
 * - `'equal'`: uniform in `[c/2, c]`, rounded to a whole ms: many clients do not retry in step, yet the
 *   wait still grows (reconnects and retries of failed work).
 */
export type Jitter = 'full' | 'equal';

/**
 * The `retry` option, the same shape wherever Gavel retries (the service, the closer, processors, the
 * stores, the live feed, the relays): every field is optional and each use documents its defaults.
 * The wait before retry number n (1 for the first) is `min(maxDelayMs, initialDelayMs · 2^(n−1))`,
 * jittered by `jitter`.
 */
export interface RetryOptions {
  /**
   * Attempts in all, the first included, before the operation gives up. Only where a use gives up (the
   * service after conflicts, a store's call): uses that retry until they succeed (the closer,
   * processors, subscriptions, the feed, the relays) refuse a finite value.
   */
  readonly maxAttempts?: number;
  /** The ceiling of the first retry's wait, in ms (a finite number, at least 0). */
  readonly initialDelayMs?: number;
  /** The largest ceiling, in ms (a finite number, at least `initialDelayMs`). */
  readonly maxDelayMs?: number;
  /** How the wait is drawn under its ceiling. */
  readonly jitter?: Jitter;
}

/** A {@link RetryOptions} with every field filled in (`maxAttempts` is `Infinity` where it never gives up). */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: Jitter;
}

/** The service's retries after a version conflict: 10 attempts, full jitter from 1 ms up to 50 ms. */
export const defaultServiceRetry: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  initialDelayMs: 1,
  maxDelayMs: 50,
  jitter: 'full',
});

/** The runtime's retries of failed work (processors, the closer): 100 ms doubling to 30 s, equal jitter, no end. */
export const defaultProcessorRetry: RetryPolicy = Object.freeze({
  maxAttempts: Number.POSITIVE_INFINITY,
  initialDelayMs: 100,
  maxDelayMs: 30_000,
  jitter: 'equal',
});

/**
 * The wait before retry number `attempt` (1 for the first), in whole ms: the ceiling
 * `min(maxDelayMs, initialDelayMs · 2^(attempt − 1))`, jittered by the policy's {@link Jitter}.
 * @param random - a source of numbers in [0, 1); default `Math.random`
 */
export const retryDelay = (
  attempt: number,
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs' | 'jitter'>,
  random: () => number = Math.random,
): number => {
  // 2^1023 is the largest finite power: the product stays a number (0 · it is 0, not NaN).
  const growth = 2 ** Math.min(Math.max(attempt, 1) - 1, 1023);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * growth);
  return policy.jitter === 'full'
    ? Math.floor(random() * ceiling)
    : Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

const isDelay = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Fills a `retry` option in with a use's defaults and checks it.
 * @param given - the option as the caller gave it (may be undefined)
 * @param defaults - the use's policy; `maxAttempts: Infinity` for a use that never gives up
 * @param path - the option's path, for the error (default `'retry'`)
 * @throws InvalidOptionsError naming the first wrong field (`retry.initialDelayMs`, …)
 */
export const resolveRetryOptions = (
  given: RetryOptions | undefined,
  defaults: RetryPolicy,
  path = 'retry',
): RetryPolicy => {
  if (given !== undefined && (typeof given !== 'object' || given === null))
    throw new InvalidOptionsError(path, `${path} must be an object`);
  const policy: RetryPolicy = {
    maxAttempts: given?.maxAttempts ?? defaults.maxAttempts,
    initialDelayMs: given?.initialDelayMs ?? defaults.initialDelayMs,
    maxDelayMs: given?.maxDelayMs ?? defaults.maxDelayMs,
    jitter: given?.jitter ?? defaults.jitter,
  };
  if (defaults.maxAttempts === Number.POSITIVE_INFINITY) {
    if (policy.maxAttempts !== Number.POSITIVE_INFINITY)
      throw new InvalidOptionsError(
        `${path}.maxAttempts`,
        `${path}.maxAttempts cannot be set here: this retries until it succeeds`,
      );
  } else if (!(Number.isSafeInteger(policy.maxAttempts) && policy.maxAttempts >= 1))
    throw new InvalidOptionsError(`${path}.maxAttempts`, `${path}.maxAttempts must be a positive integer`);
  if (!isDelay(policy.initialDelayMs))
    throw new InvalidOptionsError(
      `${path}.initialDelayMs`,
      `${path}.initialDelayMs must be a non-negative number`,
    );
  if (!(isDelay(policy.maxDelayMs) && policy.maxDelayMs >= policy.initialDelayMs))
    throw new InvalidOptionsError(
      `${path}.maxDelayMs`,
      `${path}.maxDelayMs must be a number no smaller than ${path}.initialDelayMs`,
    );
  if (policy.jitter !== 'full' && policy.jitter !== 'equal')
    throw new InvalidOptionsError(`${path}.jitter`, `${path}.jitter must be 'full' or 'equal'`);
  return policy;
};
