/** How a subscription waits between attempts while the database is unreachable. */
export interface BackoffOptions {
  /** The first delay (ms). Default 50. */
  readonly initialMs?: number;
  /** The longest delay (ms). Default 1000: a subscription is back within about a second of the database. */
  readonly maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0-based): exponential from `initialMs`, capped at `maxMs`,
 * with jitter (uniform in [delay/2, delay]) so that many subscribers do not retry in lockstep.
 */
export const backoffDelay = (attempt: number, options: BackoffOptions = {}, random = Math.random): number => {
  const initial = options.initialMs ?? 50;
  const max = options.maxMs ?? 1_000;
  const delay = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(delay / 2 + (random() * delay) / 2);
};
