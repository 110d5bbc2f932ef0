import { EventStoreError } from '../eventStore/eventStoreError';
import type { Scheduler } from '../timing/scheduler';
import type { Lane } from './lanes';
import { fail, type PendingCommand } from './pendingCommand';
import type { ServiceContext } from './serviceContext';

/**
 * The commands of one lane that may still be waiting for their answer, in the order of their
 * `execute` calls, and the timer of the oldest one's deadline. Every deadline is `timeoutMs` after its
 * call, so this order is also the order of the deadlines: one timer per lane is enough.
 */
export interface Deadlines {
  readonly waiting: PendingCommand[];
  /** The index in `waiting` of the oldest command not known to be answered. */
  head: number;
  /** The scheduler's handle of the timer, null when none is set. */
  timer: unknown;
}

/** No command, no timer. */
export const emptyDeadlines = (): Deadlines => ({ waiting: [], head: 0, timer: null });

/** Moves `head` past the answered commands, dropping them. */
const skipAnswered = (deadlines: Deadlines): void => {
  const { waiting } = deadlines;
  let head = deadlines.head;
  while (head < waiting.length && (waiting[head] as PendingCommand).answered) head++;
  if (head === waiting.length) {
    waiting.length = 0;
    head = 0;
  } else if (head >= 1_024 && head * 2 >= waiting.length) {
    waiting.splice(0, head);
    head = 0;
  }
  deadlines.head = head;
};

/** Sets the lane's timer for the oldest waiting command's deadline, unless it is set. */
const arm = (ctx: ServiceContext, lane: Lane): void => {
  const deadlines = lane.deadlines;
  if (deadlines.timer !== null || deadlines.head === deadlines.waiting.length) return;
  const delay = (deadlines.waiting[deadlines.head] as PendingCommand).deadline - ctx.now();
  // A watchdog only: it does not keep the process alive (whatever the command waits for does).
  deadlines.timer = ctx.scheduler.setTimeout(lane.expireDue, Math.max(1, Math.ceil(delay)));
  (deadlines.timer as { unref?: () => void } | null | undefined)?.unref?.();
};

/** Watches the deadline of a command just queued in `lane`. */
export const watchDeadline = (ctx: ServiceContext, lane: Lane, pending: PendingCommand): void => {
  skipAnswered(lane.deadlines);
  lane.deadlines.waiting.push(pending);
  arm(ctx, lane);
};

/**
 * The lane's timer: answers `TIMEOUT` to every command whose deadline has passed, with
 * `mayHaveWritten` when the command is in the append in flight, then sets the timer for the next one.
 * A command past its deadline is not decided or written afterwards; the work in flight goes on, and its
 * outcome still moves the cache on (or drops it, when the store fails).
 */
export const expireDue = (ctx: ServiceContext, lane: Lane): void => {
  const deadlines = lane.deadlines;
  deadlines.timer = null;
  const now = ctx.now();
  const { waiting } = deadlines;
  for (; deadlines.head < waiting.length; deadlines.head++) {
    const pending = waiting[deadlines.head] as PendingCommand;
    if (pending.answered) continue;
    if (pending.deadline > now) break;
    const writing = lane.inFlight?.batch.includes(pending) === true;
    fail(
      pending,
      new EventStoreError(
        'TIMEOUT',
        writing
          ? `No answer within ${ctx.timeoutMs} ms: the command was being written and may have been`
          : `No answer within ${ctx.timeoutMs} ms: the command was not written`,
        { mayHaveWritten: writing },
      ),
    );
  }
  skipAnswered(deadlines);
  arm(ctx, lane);
};

/** Stops the timer of a lane being forgotten, unless a command of it is still waiting. */
export const stopWatching = (lane: Lane, scheduler: Scheduler): void => {
  const deadlines = lane.deadlines;
  skipAnswered(deadlines);
  if (deadlines.timer === null || deadlines.waiting.length > 0) return;
  scheduler.clearTimeout(deadlines.timer);
  deadlines.timer = null;
};
