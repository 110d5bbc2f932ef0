import type { RecordedEvent } from '../eventStore/eventStore';
import { kick } from './drainPartition';
import { followStore } from './followStore';
import { partitionOf } from './partitionOf';
import { causeText } from './processorError';
import { type ProcessorRuntime, queueLimit, wakeRoomWaiters } from './processorRuntime';

/**
 * The reader of one processor in this process: ONE subscription for every partition it owns, from the
 * lowest of their positions, queueing each event for its partition's worker (events at or below what a
 * partition has queued already are skipped). It starts again from the lowest position when a partition
 * behind it is taken, and waits when a partition's queue is full, so a slow handler slows the reading
 * instead of filling memory. Runs until stop.
 */
export const readPartitions = async <T>(
  runtime: ProcessorRuntime<T>,
  waitForChange: (resolve: () => void) => void,
): Promise<void> => {
  const { store, category, partitions, batchSize } = runtime.options;
  const limit = queueLimit(batchSize);
  const stopSignal = runtime.stopping.signal;

  const onEvent = (event: RecordedEvent): Promise<void> | undefined => {
    runtime.readerPosition = event.globalPosition;
    const run = runtime.runs.get(partitionOf(event.streamName, partitions));
    if (
      run === undefined ||
      run.gone ||
      run.releasing ||
      run.rewinding ||
      event.globalPosition <= run.queuedUpTo
    )
      return undefined;
    run.queue.push(event);
    run.queuedUpTo = event.globalPosition;
    kick(runtime, run);
    if (run.queue.length < limit) return undefined;
    return new Promise<void>((resolve) => run.roomWaiters.push(resolve));
  };

  while (!stopSignal.aborted) {
    if (runtime.runs.size === 0) {
      await new Promise<void>(waitForChange);
      continue;
    }
    let from: bigint | undefined;
    for (const run of runtime.runs.values()) {
      // This subscription starts at or below every partition's position: none waits for a rewind.
      run.rewinding = false;
      if (from === undefined || run.queuedUpTo < from) from = run.queuedUpTo;
    }
    const restart = new AbortController();
    const abort = (): void => {
      restart.abort();
      // A reader waiting for room in a queue sees the abort at once.
      for (const run of runtime.runs.values()) wakeRoomWaiters(run);
    };
    stopSignal.addEventListener('abort', abort);
    runtime.restartReader = abort;
    runtime.readerPosition = from as bigint;
    runtime.readerCaughtUp = false;
    try {
      await followStore({
        store,
        from: from as bigint,
        signal: restart.signal,
        ...(category === undefined ? {} : { category }),
        onEvent,
        onCaughtUp: (position) => {
          // A partition waits for the next subscription to go back for it: this one is not caught up.
          for (const run of runtime.runs.values()) if (run.rewinding) return;
          if (position > runtime.readerPosition) runtime.readerPosition = position;
          runtime.readerCaughtUp = true;
          runtime.notify();
        },
        onFailure: ({ error, attempt, retryInMs, position }) =>
          runtime.report({
            code: 'SUBSCRIPTION_FAILED',
            message: `the store subscription failed (${causeText(error)}); subscribing again from position ${position} in ${retryInMs} ms`,
            attempt,
            retryInMs,
            cause: error,
          }),
        scheduler: runtime.options.scheduler,
        random: runtime.options.random,
      });
    } finally {
      stopSignal.removeEventListener('abort', abort);
      runtime.restartReader = () => {};
    }
  }
};
