import { dropRun } from './drainPartition';
import { partitionsToAcquire, partitionsToRelease, partitionTarget } from './partitionTargets';
import { causeText } from './processorError';
import type { PartitionRun, ProcessorRuntime } from './processorRuntime';
import type { PartitionLease, ProcessorHeartbeat } from './processorStore';

/**
 * The part of a lease this process trusts: its lease lasts `leaseMs` from the moment the store got the
 * request, which is after the moment it was sent; a margin covers clocks that run at other rates.
 */
const validUntil = (sentAt: number, leaseMs: number): number =>
  sentAt + leaseMs - Math.min(1_000, leaseMs / 10);

/** Takes a partition's lease and starts to handle it (loading its state first when asked). */
const take = async <T>(runtime: ProcessorRuntime<T>, partition: number): Promise<boolean> => {
  const { checkpoints, name, leaseMs, now, onAssigned } = runtime.options;
  const sentAt = now();
  const lease: PartitionLease | null = await checkpoints.acquire({
    processor: name,
    owner: runtime.owner,
    partition,
    leaseMs,
  });
  if (lease === null) return false;
  if (runtime.stopping.signal.aborted) {
    await checkpoints.release({ processor: name, owner: runtime.owner, partitions: [partition] });
    return false;
  }
  if (onAssigned !== undefined) {
    const state = await checkpoints.readState({ processor: name, partition });
    await onAssigned(partition, new Map(state));
  }
  const run: PartitionRun = {
    partition,
    token: lease.token,
    queuedUpTo: lease.checkpoint,
    committed: lease.checkpoint,
    queue: [],
    working: undefined,
    gone: false,
    releasing: false,
    rewinding: false,
    validUntil: validUntil(sentAt, leaseMs),
    roomWaiters: [],
    saver: undefined,
  };
  runtime.runs.set(partition, run);
  if (run.queuedUpTo < runtime.readerPosition || runtime.runs.size === 1 || runtime.readerRestartDue) {
    // The reader must go back for this partition: until it has, it is neither caught up nor past
    // anything of it (so no quiet checkpoint may move past its events). It restarts once, after the
    // renewal has taken every partition it could. Once a restart is due, the reader's position was
    // lowered for a partition taken before this one while the reader read on: this one waits for the
    // restart too, or the events the reader read before it was taken would be counted as queued for it.
    run.rewinding = true;
    runtime.readerPosition = run.queuedUpTo;
    runtime.readerCaughtUp = false;
    runtime.readerRestartDue = true;
  }
  return true;
};

/** Gives a partition up: the batch in hand is finished and checkpointed, then the lease is freed. */
export const releaseRuns = async <T>(
  runtime: ProcessorRuntime<T>,
  runs: readonly PartitionRun[],
): Promise<void> => {
  const { checkpoints, name } = runtime.options;
  // Every event up to here was queued for these partitions; the reader skips what comes after, so no
  // checkpoint of theirs may go past it.
  const queuedUpTo = runtime.readerPosition;
  for (const run of runs) run.releasing = true; // the worker stops after its batch; the reader skips it
  await Promise.all(
    runs.map(async (run) => {
      await run.working;
      await run.saver?.settled();
    }),
  );
  await advanceIdle(runtime, runs, true, queuedUpTo);
  for (const run of runs) dropRun(runtime, run);
  await checkpoints.release({
    processor: name,
    owner: runtime.owner,
    partitions: runs.map((run) => run.partition),
  });
};

/**
 * Moves the checkpoint of partitions with nothing queued up to the reader's position, so that a quiet
 * partition does not make the next start read from far behind. `force` includes runs being released.
 * A partition whose handled batches are still being checkpointed (with their state changes) waits: a
 * checkpoint past them saved first would make a later owner skip them if their commit is then refused.
 */
export const advanceIdle = async <T>(
  runtime: ProcessorRuntime<T>,
  runs: Iterable<PartitionRun>,
  force = false,
  /** The position every event at or below which was queued for these runs; default the reader's. */
  position = runtime.readerPosition,
): Promise<void> => {
  const { checkpoints, name } = runtime.options;
  const idle = [...runs].filter(
    (run) =>
      !run.gone &&
      !run.rewinding &&
      (force || !run.releasing) &&
      run.working === undefined &&
      run.queue.length === 0 &&
      (run.saver?.idle() ?? true) &&
      position > run.committed &&
      position >= run.queuedUpTo,
  );
  await Promise.all(
    idle.map(async (run) => {
      try {
        const saved = await checkpoints.commit({
          processor: name,
          partition: run.partition,
          token: run.token,
          position,
        });
        if (saved && position > run.committed) {
          run.committed = position;
          if (position > run.queuedUpTo) run.queuedUpTo = position;
        }
      } catch (error) {
        runtime.report({
          code: 'CHECKPOINT_FAILED',
          message: `saving the checkpoint of idle partition ${run.partition} failed (${causeText(error)})`,
          partition: run.partition,
          cause: error,
        });
      }
    }),
  );
};

/** Checks the partitions this process thinks it owns against the store's answer: drops those it lost. */
const verify = <T>(runtime: ProcessorRuntime<T>, beat: ProcessorHeartbeat, sentAt: number): void => {
  for (const run of [...runtime.runs.values()]) {
    const lease = beat.leases[run.partition];
    const held =
      lease !== undefined &&
      lease.owner === runtime.owner &&
      lease.token === run.token &&
      lease.expiresAt > beat.now;
    if (held) {
      run.validUntil = validUntil(sentAt, runtime.options.leaseMs);
      continue;
    }
    runtime.report({
      code: 'PARTITION_LOST',
      message: `the lease of partition ${run.partition} lapsed or was taken by another owner; no longer handling it here`,
      partition: run.partition,
    });
    dropRun(runtime, run);
  }
};

/**
 * Frees the leases in this process's name on partitions it does not run: a take that failed after the
 * store granted the lease (loading the partition's state), or a release that failed, leaves one, and the
 * heartbeats would keep it alive for good, with nobody handling the partition.
 */
const releaseStrays = async <T>(runtime: ProcessorRuntime<T>, beat: ProcessorHeartbeat): Promise<void> => {
  const strays = beat.leases
    .filter((lease) => lease.owner === runtime.owner && !runtime.runs.has(lease.partition))
    .map((lease) => lease.partition);
  if (strays.length === 0) return;
  const { checkpoints, name } = runtime.options;
  await checkpoints.release({ processor: name, owner: runtime.owner, partitions: strays });
};

/**
 * One renewal: the heartbeat (membership and leases), then the rebalance: this process gives up the
 * partitions above its share (the live members, sorted, share them evenly) and takes free or expired
 * ones up to it. Then quiet partitions' checkpoints move up to the reader. Store failures are reported;
 * the next renewal tries again (a lease not renewed in time is dropped by the workers' own check).
 */
export const renewLeases = async <T>(runtime: ProcessorRuntime<T>): Promise<void> => {
  const { checkpoints, name, leaseMs, partitions, now } = runtime.options;
  try {
    const sentAt = now();
    const beat = await checkpoints.heartbeat({ processor: name, owner: runtime.owner, leaseMs });
    if (runtime.stopping.signal.aborted) return;
    verify(runtime, beat, sentAt);
    await releaseStrays(runtime, beat);
    const target = partitionTarget(beat.members, runtime.owner, partitions);
    runtime.target = target;
    const owned = [...runtime.runs.keys()];
    if (owned.length > target) {
      const released = partitionsToRelease(owned, target).map(
        (partition) => runtime.runs.get(partition) as PartitionRun,
      );
      await releaseRuns(runtime, released);
    } else if (owned.length < target) {
      const candidates = partitionsToAcquire(
        beat.leases,
        beat.now,
        new Set(owned),
        beat.members.indexOf(runtime.owner),
      );
      try {
        for (const partition of candidates) {
          if (runtime.runs.size >= target || runtime.stopping.signal.aborted) break;
          await take(runtime, partition);
        }
      } finally {
        if (runtime.readerRestartDue) {
          runtime.readerRestartDue = false;
          runtime.restartReader();
        }
      }
    }
    await advanceIdle(runtime, runtime.runs.values());
  } catch (error) {
    runtime.report({
      code: 'LEASE_FAILED',
      message: `renewing the leases failed (${causeText(error)}); trying again at the next renewal`,
      cause: error,
    });
  }
  runtime.notify();
};
