import { type Scheduler, systemScheduler, timerDelay } from './scheduler';

/**
 * Waits `ms` on the scheduler's timers; resolves early (never rejects) when `signal` aborts.
 * @param scheduler - default Node's timers
 */
export const sleep = (
  ms: number,
  signal?: AbortSignal,
  scheduler: Scheduler = systemScheduler,
): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      scheduler.clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const handle = scheduler.setTimeout(done, timerDelay(ms, 0));
    signal?.addEventListener('abort', done);
  });
