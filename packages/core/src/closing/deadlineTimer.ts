import { type Scheduler, timerDelay } from '../timing/scheduler';

/** The one timer of a closer: armed for the earliest due time. */
export interface DeadlineTimer {
  /**
   * Makes sure the timer fires no later than `at`. A timer already due to fire at or before `at` is
   * kept (firing early is harmless: the callback looks at the clock); a later one is moved. A moment more
   * than 2^31 − 1 ms away arms the timer for that long, and the callback re-arms it from there.
   */
  arm(at: number): void;
  /** Cancels the timer. */
  cancel(): void;
}

/** Creates the timer; `onFire` runs when it fires. */
export const createDeadlineTimer = (
  scheduler: Scheduler,
  clock: () => number,
  onFire: () => void,
): DeadlineTimer => {
  let handle: unknown;
  /** When the armed timer fires, on `clock`'s scale. */
  let firesAt = Number.POSITIVE_INFINITY;
  const fire = (): void => {
    handle = undefined;
    firesAt = Number.POSITIVE_INFINITY;
    onFire();
  };
  const cancel = (): void => {
    if (handle !== undefined) scheduler.clearTimeout(handle);
    handle = undefined;
    firesAt = Number.POSITIVE_INFINITY;
  };
  return {
    arm: (at) => {
      if (!(at < Number.POSITIVE_INFINITY)) return;
      if (handle !== undefined && firesAt <= at) return;
      cancel();
      const now = clock();
      const delay = timerDelay(at, now);
      firesAt = now + delay;
      handle = scheduler.setTimeout(fire, delay);
    },
    cancel,
  };
};
