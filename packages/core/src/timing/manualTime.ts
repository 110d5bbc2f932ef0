import type { Scheduler } from './scheduler';

/** Test helper (not exported): a clock and a scheduler that move only when told. */
export interface ManualTime {
  readonly clock: () => number;
  readonly scheduler: Scheduler;
  /** Timers scheduled and not yet run or cancelled. */
  pending(): number;
  /** Every delay asked of the scheduler, in order. */
  readonly delays: number[];
  /** Runs, in time order, every timer due up to `at` (letting promises settle after each), then sets the clock to `at`. */
  advanceTo(at: number): Promise<void>;
  /** Lets pending promises and I/O callbacks settle without moving the clock. */
  settle(): Promise<void>;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  done: boolean;
}

/** Creates a {@link ManualTime} starting at `start` (epoch ms). */
export const manualTime = (start: number): ManualTime => {
  let now = start;
  let seq = 0;
  let timers: Timer[] = [];
  const delays: number[] = [];
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    clock: () => now,
    scheduler: {
      setTimeout: (callback, delayMs) => {
        delays.push(delayMs);
        const timer: Timer = { at: now + delayMs, seq: seq++, callback, done: false };
        timers.push(timer);
        return timer;
      },
      clearTimeout: (handle) => {
        (handle as Timer).done = true;
      },
    },
    pending: () => timers.filter((timer) => !timer.done).length,
    delays,
    settle,
    advanceTo: async (at) => {
      await settle();
      for (;;) {
        timers = timers.filter((timer) => !timer.done);
        const next = timers.filter((timer) => timer.at <= at).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (next === undefined) break;
        if (next.at > now) now = next.at;
        next.done = true;
        next.callback();
        await settle();
      }
      if (at > now) now = at;
      await settle();
    },
  };
};
