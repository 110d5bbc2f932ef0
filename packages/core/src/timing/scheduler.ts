/** The largest delay Node's `setTimeout` honours (2^31 − 1 ms, about 24.8 days); beyond it, it fires at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Where a closer gets its timers: `setTimeout`/`clearTimeout` by default; a test passes a manual one
 * that it advances together with the clock. A scheduler is never asked for a delay above 2^31 − 1 ms
 * (the largest Node honours).
 */
export interface Scheduler {
  /**
   * Runs `callback` once, `delayMs` from now (a non-negative integer, at most 2^31 − 1).
   *
   * @returns an opaque handle for {@link Scheduler.clearTimeout}
   */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels a callback scheduled by {@link Scheduler.setTimeout}; a no-op once it ran. */
  clearTimeout(handle: unknown): void;
}

/** Node's timers. */
export const systemScheduler: Scheduler = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A timer delay for a moment `at` seen from `now`: never negative, never above {@link MAX_TIMER_DELAY_MS}. */
export const timerDelay = (at: number, now: number): number =>
  Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(at - now)));
