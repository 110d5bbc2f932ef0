import type { Scheduler } from '@gavel/core';

/** Timers of one simulated process: all of them stop at once when the process dies. */
export interface SimScope {
  readonly scheduler: Scheduler;
  /** Drops every timer of the scope, and any it is asked for later (a dead process runs nothing). */
  kill(): void;
  readonly alive: () => boolean;
}

/** The simulated time of a run: a wall clock that may jump, a monotonic clock and the one timer queue. */
export interface SimTime {
  /** The wall clock (epoch ms): the monotonic time plus the start, plus every jump so far. */
  readonly clock: () => number;
  /** The monotonic clock (ms since the run started): never jumps. */
  readonly now: () => number;
  /** The timers of the simulation itself (clients, faults): never killed. */
  readonly scheduler: Scheduler;
  /** A new scope of timers, for one process. */
  scope(): SimScope;
  /** Moves the wall clock forward by `ms` without running any timer (an NTP step, a VM resumed). */
  jump(ms: number): void;
  /** Runs the earliest timer due at or before `until` (moving the time to it): false when there is none. */
  runNext(until: number): boolean;
  /** Moves the time to `at` (no timer is due before it). */
  advanceTo(at: number): void;
  /** Live timers. */
  pending(): number;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  readonly scope: { alive: boolean };
  cancelled: boolean;
}

const before = (x: Timer, y: Timer): boolean => x.at < y.at || (x.at === y.at && x.seq < y.seq);

/** Creates the simulated time, its wall clock starting at `epoch`. */
export const createSimTime = (epoch: number): SimTime => {
  let now = 0;
  let offset = 0;
  let seq = 0;
  let live = 0;
  const heap: Timer[] = [];

  const push = (timer: Timer): void => {
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Timer, heap[m] as Timer)) m = l;
        if (r < heap.length && before(heap[r] as Timer, heap[m] as Timer)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Timer, heap[i] as Timer];
        i = m;
      }
    }
    return top;
  };

  const schedulerOf = (scope: { alive: boolean }): Scheduler => ({
    setTimeout: (callback, delayMs) => {
      const at = now + Math.max(0, delayMs);
      const timer: Timer = { at, seq: seq++, callback, scope, cancelled: !scope.alive };
      if (scope.alive) {
        push(timer);
        live++;
      }
      return timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as Timer;
      if (!timer.cancelled) {
        timer.cancelled = true;
        live--;
      }
    },
  });

  const root = { alive: true };
  return {
    clock: () => epoch + now + offset,
    now: () => now,
    scheduler: schedulerOf(root),
    scope: () => {
      const scope = { alive: true };
      return {
        scheduler: schedulerOf(scope),
        kill: () => {
          scope.alive = false;
        },
        alive: () => scope.alive,
      };
    },
    jump: (ms) => {
      offset += ms;
    },
    runNext: (until) => {
      for (;;) {
        const top = heap[0];
        if (top === undefined || top.at > until) return false;
        pop();
        if (top.cancelled) continue;
        top.cancelled = true;
        live--;
        if (!top.scope.alive) continue;
        if (top.at > now) now = top.at;
        top.callback();
        return true;
      }
    },
    advanceTo: (at) => {
      if (at > now) now = at;
    },
    pending: () => live,
  };
};
