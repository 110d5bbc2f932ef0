import { partitionOf } from '../src/index';
import type { HandledEvent, HandledLogLine } from './handledLog';

/**
 * Test-only: the checks of the processors-across-processes test over the logs of the processor
 * processes (`handledLog.ts`). Each returns the problems it found, as sentences (empty when none), so a
 * test can assert `toEqual([])` and read what went wrong. `handledLogChecks.unit.spec.ts` shows each
 * one failing on a log that breaks it.
 */

/** The log of one processor process. */
export interface ProcessLog {
  /** The test's name for the process. */
  readonly label: string;
  readonly lines: readonly HandledLogLine[];
  /** When the test killed it (SIGKILL): it did nothing after. Undefined for a process that ran to its stop. */
  readonly killedAt?: number;
}

/** A batch as a process logged it. */
export interface HandledBatch {
  readonly process: string;
  /** The batch's number in its process. */
  readonly b: number;
  readonly partition: number;
  readonly start: number;
  /** When the handler was about to resolve; undefined when it never did (the process died, or hangs). */
  readonly end: number | undefined;
  readonly events: readonly HandledEvent[];
}

/** An instant of the logs as the time of day (UTC) to the ms, as in `06:38:08.123`; `never` for infinity. */
export const clockText = (at: number): string =>
  Number.isFinite(at) ? new Date(at).toISOString().slice(11, 23) : 'never';

const key = (streamName: string, streamVersion: number): string => `${streamName}@${streamVersion}`;

/** At most the first `n` items, and how many more there were. */
const firstFew = (items: readonly string[], n = 10): string[] =>
  items.length <= n ? [...items] : [...items.slice(0, n), `… and ${items.length - n} more`];

/** The batches of one process, in the order it started them. */
export const batchesOf = (log: ProcessLog): HandledBatch[] => {
  const ends = new Map<number, number>();
  for (const line of log.lines) if (line.t === 'end') ends.set(line.b, line.at);
  return log.lines.flatMap((line) =>
    line.t === 'start'
      ? [
          {
            process: log.label,
            b: line.b,
            partition: line.p,
            start: line.at,
            end: ends.get(line.b),
            events: line.events,
          },
        ]
      : [],
  );
};

/** Until when a batch certainly ran: its end, else the death of its process, else forever. */
const ranUntil = (batch: HandledBatch, killedAt: ReadonlyMap<string, number>): number =>
  batch.end ?? killedAt.get(batch.process) ?? Number.POSITIVE_INFINITY;

const killTimes = (logs: readonly ProcessLog[]): Map<string, number> =>
  new Map(logs.flatMap((log) => (log.killedAt === undefined ? [] : [[log.label, log.killedAt] as const])));

/** The store's events that no batch handled (a batch counts once its handler resolved). */
export const unhandledEvents = (
  storeEvents: readonly HandledEvent[],
  batches: readonly HandledBatch[],
): HandledEvent[] => {
  const handled = new Set<string>();
  for (const batch of batches)
    if (batch.end !== undefined)
      for (const [stream, version] of batch.events) handled.add(key(stream, version));
  return storeEvents.filter(([stream, version]) => !handled.has(key(stream, version)));
};

/**
 * Every event of the store was handled at least once (by a batch whose handler resolved), and every
 * handled event is one of the store's, at its position.
 */
export const unhandledEventProblems = (
  storeEvents: readonly HandledEvent[],
  batches: readonly HandledBatch[],
): string[] => {
  const inStore = new Map(storeEvents.map(([stream, version, position]) => [key(stream, version), position]));
  const strange: string[] = [];
  for (const batch of batches)
    for (const [stream, version, position] of batch.events) {
      const expected = inStore.get(key(stream, version));
      if (expected !== position)
        strange.push(
          `${batch.process} handled ${key(stream, version)} at position ${position}, but the store has ${expected === undefined ? 'no such event' : `it at ${expected}`}`,
        );
    }
  const missing = unhandledEvents(storeEvents, batches).map(
    ([stream, version, position]) => `${key(stream, version)} (position ${position})`,
  );
  return [
    ...(missing.length === 0
      ? []
      : [
          `${missing.length} of the store's ${storeEvents.length} events were never handled: ${firstFew(missing).join(', ')}`,
        ]),
    ...firstFew([...new Set(strange)]),
  ];
};

/**
 * Each batch is non-empty, in global order, holds only streams of its partition (`partitionOf`), and
 * within it each stream's versions go up by exactly one.
 */
export const batchShapeProblems = (batches: readonly HandledBatch[], partitions: number): string[] => {
  const problems: string[] = [];
  for (const batch of batches) {
    const name = `${batch.process} batch ${batch.b} (partition ${batch.partition})`;
    if (batch.events.length === 0) problems.push(`${name} is empty`);
    const last = new Map<string, number>();
    let position = -1n;
    for (const [stream, version, at] of batch.events) {
      if (BigInt(at) <= position) problems.push(`${name}: ${key(stream, version)} is out of global order`);
      position = BigInt(at);
      const owner = partitionOf(stream, partitions);
      if (owner !== batch.partition) problems.push(`${name} holds ${stream}, of partition ${owner}`);
      const before = last.get(stream);
      if (before !== undefined && version !== before + 1)
        problems.push(`${name}: ${stream} goes from version ${before} to ${version}`);
      last.set(stream, version);
    }
  }
  return firstFew(problems);
};

/**
 * A process handles a partition only while it owns it (between `assigned` and `revoked`): a process
 * whose lease lapsed or was taken must have stopped. And within one ownership, each stream's versions
 * go up by exactly one from batch to batch, except where a redelivery starts again at or below a
 * version already handled.
 */
export const ownershipOrderProblems = (logs: readonly ProcessLog[]): string[] => {
  const problems: string[] = [];
  for (const log of logs) {
    const owning = new Map<number, { since: number; last: Map<string, number> }>();
    const revokedAt = new Map<number, number>();
    for (const line of log.lines) {
      if (line.t === 'assigned') {
        if (owning.has(line.p)) problems.push(`${log.label} was assigned partition ${line.p} twice`);
        owning.set(line.p, { since: line.at, last: new Map() });
      } else if (line.t === 'revoked') {
        owning.delete(line.p);
        revokedAt.set(line.p, line.at);
      } else if (line.t === 'start') {
        const ownership = owning.get(line.p);
        if (ownership === undefined) {
          const revoked = revokedAt.get(line.p);
          problems.push(
            `${log.label} started batch ${line.b} of partition ${line.p} at ${clockText(line.at)} while not owning it (${revoked === undefined ? 'never assigned' : `revoked ${(line.at - revoked).toFixed(1)} ms before`})`,
          );
          continue;
        }
        for (const [stream, version] of line.events) {
          const before = ownership.last.get(stream);
          if (before !== undefined && version > before + 1)
            problems.push(
              `${log.label} skipped versions of ${stream} in partition ${line.p}: ${before} then ${version} (batch ${line.b})`,
            );
          ownership.last.set(stream, version);
        }
      }
    }
  }
  return firstFew(problems);
};

/**
 * No event skipped, at any moment, by any process: when a batch starts, each of its streams starts at
 * most one version above the highest version of that stream whose batch had finished (handler
 * resolved) before. This is what a new owner after a takeover must respect (it resumes from the last
 * checkpoint), and it fails when an owner jumps past events nobody handled yet.
 */
export const skippedEventProblems = (batches: readonly HandledBatch[]): string[] => {
  const byStart = [...batches].sort((a, b) => a.start - b.start);
  const finished = batches
    .filter((batch) => batch.end !== undefined)
    .sort((a, b) => (a.end as number) - (b.end as number));
  const done = new Map<string, number>();
  const problems: string[] = [];
  let next = 0;
  for (const batch of byStart) {
    for (; next < finished.length && (finished[next]?.end as number) < batch.start; next++)
      for (const [stream, version] of (finished[next] as HandledBatch).events)
        done.set(stream, Math.max(done.get(stream) ?? 0, version));
    const first = new Map<string, number>();
    for (const [stream, version] of batch.events) if (!first.has(stream)) first.set(stream, version);
    for (const [stream, version] of first) {
      const highest = done.get(stream) ?? 0;
      if (version > highest + 1)
        problems.push(
          `${batch.process} batch ${batch.b} (partition ${batch.partition}) started ${stream} at version ${version} when only versions up to ${highest} had been handled`,
        );
    }
  }
  return firstFew(problems);
};

/**
 * No two live owners of a partition at once: for each partition, the batches of different processes
 * never overlap in time (a batch lasts from its start to its end, or to its process's death, or forever
 * when it never ended). Batches of one process never overlap either (one worker per partition).
 */
export const overlappingBatchProblems = (logs: readonly ProcessLog[]): string[] => {
  const killedAt = killTimes(logs);
  const byPartition = new Map<number, HandledBatch[]>();
  for (const batch of logs.flatMap(batchesOf))
    byPartition.set(batch.partition, [...(byPartition.get(batch.partition) ?? []), batch]);
  const problems: string[] = [];
  for (const [partition, batches] of byPartition) {
    batches.sort((a, b) => a.start - b.start);
    for (const [i, first] of batches.entries()) {
      const firstUntil = ranUntil(first, killedAt);
      for (const second of batches.slice(i + 1)) {
        if (second.start >= firstUntil) break;
        problems.push(
          `partition ${partition}: ${first.process} batch ${first.b} (${clockText(first.start)} to ${clockText(firstUntil)}) and ${second.process} batch ${second.b} (from ${clockText(second.start)}) overlap by ${(Math.min(firstUntil, ranUntil(second, killedAt)) - second.start).toFixed(1)} ms`,
        );
      }
    }
  }
  return firstFew(problems);
};

/**
 * How far a batch may start past its lease's expiry and still count as under it: the store's lease
 * clock (`Date.now`, or the database's) counts whole ms, the logs' clock fractions of them.
 */
export const LEASE_CLOCK_TOLERANCE_MS = 2;

/**
 * Every batch started under a live lease of its process, as the store last answered it (see
 * `loggedProcessorStore.ts`): taken by `acquire` and, if renewed, by a heartbeat, not expired at the
 * batch's start by the store's clock, not released by the process since, and not reported lost by a
 * heartbeat since. This is "a process whose lease lapsed (or that gave it up) must have stopped".
 */
export const leaseProblems = (logs: readonly ProcessLog[]): string[] => {
  const problems: string[] = [];
  for (const log of logs) {
    type Held = { readonly token: number; readonly expiresAt: number; readonly since: string };
    const leases = new Map<number, Held | string>();
    // The log is in the order of the answers (each line is written when it is known).
    for (const line of log.lines) {
      if (line.t === 'acquire')
        leases.set(
          line.p,
          line.token === null
            ? `the store refused to give it at ${clockText(line.answeredAt)}`
            : { token: line.token, expiresAt: line.expiresAt as number, since: 'acquire' },
        );
      else if (line.t === 'beat')
        for (const [partition, lease] of leases) {
          if (typeof lease === 'string') continue;
          const renewed = line.held.find(([p, token]) => p === partition && token === lease.token);
          leases.set(
            partition,
            renewed === undefined
              ? `a heartbeat answered at ${clockText(line.answeredAt)} said it was no longer held`
              : { ...lease, expiresAt: renewed[2], since: 'heartbeat' },
          );
        }
      else if (line.t === 'release')
        for (const partition of line.ps) leases.set(partition, `it was released at ${clockText(line.at)}`);
      else if (line.t === 'start') {
        const lease = leases.get(line.p) ?? 'it was never acquired';
        const name = `${log.label} started batch ${line.b} of partition ${line.p} at ${clockText(line.at)}`;
        if (typeof lease === 'string') problems.push(`${name}, though ${lease}`);
        else if (line.at > lease.expiresAt + LEASE_CLOCK_TOLERANCE_MS)
          problems.push(
            `${name}, ${(line.at - lease.expiresAt).toFixed(1)} ms after its lease (token ${lease.token}, last ${lease.since}) expired`,
          );
      }
    }
  }
  return firstFew(problems);
};

/**
 * Fencing: each partition's tokens grow with each acquisition (no two processes got one token), and the
 * store took a checkpoint only under the token of its process's latest acquisition of the partition,
 * never one that had been superseded (the partition acquired under a higher token, by any process,
 * answered before the commit was sent).
 */
export const fencingProblems = (logs: readonly ProcessLog[]): string[] => {
  const problems: string[] = [];
  const acquisitions = logs
    .flatMap((log) =>
      log.lines.flatMap((line) =>
        line.t === 'acquire' && line.token !== null
          ? [{ process: log.label, partition: line.p, token: line.token, at: line.answeredAt }]
          : [],
      ),
    )
    .sort((a, b) => a.at - b.at);
  const lastToken = new Map<number, number>();
  for (const taken of acquisitions) {
    const before = lastToken.get(taken.partition) ?? 0;
    if (taken.token <= before)
      problems.push(
        `${taken.process} acquired partition ${taken.partition} under token ${taken.token} at ${clockText(taken.at)}, after token ${before} had been given`,
      );
    lastToken.set(taken.partition, Math.max(before, taken.token));
  }
  for (const log of logs) {
    const mine = new Map<number, number>();
    for (const line of log.lines) {
      if (line.t === 'acquire' && line.token !== null) mine.set(line.p, line.token);
      // A refused commit is fencing at work (e.g. a batch that outlived its lease): only taken ones count.
      if (line.t !== 'commit' || !line.saved) continue;
      if (mine.get(line.p) !== line.token)
        problems.push(
          `the store took ${log.label}'s checkpoint of partition ${line.p} under token ${line.token}, not its latest (${mine.get(line.p)})`,
        );
      const superseding = acquisitions.find(
        (taken) => taken.partition === line.p && taken.token > line.token && taken.at < line.at,
      );
      if (superseding !== undefined)
        problems.push(
          `the store took ${log.label}'s checkpoint ${line.position} of partition ${line.p} under token ${line.token} at ${clockText(line.at)}, though ${superseding.process} had acquired it under token ${superseding.token} at ${clockText(superseding.at)}`,
        );
    }
  }
  return firstFew(problems);
};

/** A killed process logged nothing after its death; a process that ran to its stop finished every batch. */
export const lifeProblems = (logs: readonly ProcessLog[]): string[] => {
  const problems: string[] = [];
  for (const log of logs) {
    if (log.killedAt !== undefined) {
      const late = log.lines.filter((line) => line.at > (log.killedAt as number));
      if (late.length > 0) problems.push(`${log.label} logged ${late.length} lines after it was killed`);
      continue;
    }
    const unfinished = batchesOf(log).filter((batch) => batch.end === undefined);
    if (unfinished.length > 0)
      problems.push(
        `${log.label} never finished batches ${unfinished.map((batch) => batch.b).join(', ')} though it was not killed`,
      );
    if (!log.lines.some((line) => line.t === 'stopped')) problems.push(`${log.label} never logged its stop`);
  }
  return problems;
};

/** The partitions each process owned at `at` (a killed process owns nothing after its death). */
export const ownersAt = (logs: readonly ProcessLog[], at: number): Map<number, string[]> => {
  const owners = new Map<number, string[]>();
  for (const log of logs) {
    if (log.killedAt !== undefined && log.killedAt <= at) continue;
    const owned = new Set<number>();
    for (const line of log.lines) {
      if (line.at > at) continue;
      if (line.t === 'assigned') owned.add(line.p);
      else if (line.t === 'revoked') owned.delete(line.p);
    }
    for (const partition of owned) owners.set(partition, [...(owners.get(partition) ?? []), log.label]);
  }
  return owners;
};

/** At `at`, every partition has exactly one owner among the live processes. */
export const ownershipAtProblems = (
  logs: readonly ProcessLog[],
  at: number,
  partitions: number,
): string[] => {
  const owners = ownersAt(logs, at);
  return Array.from({ length: partitions }, (_, partition) => partition).flatMap((partition) => {
    const held = owners.get(partition) ?? [];
    return held.length === 1 ? [] : [`partition ${partition} has ${held.length} owners (${held.join(', ')})`];
  });
};

/** When another process took each partition that `victim` owned when it was killed. */
export interface Takeover {
  readonly partition: number;
  /** The process that took it, or undefined when none did. */
  readonly by: string | undefined;
  /** Ms from `since` (the kill) to the new owner's `assigned`. */
  readonly afterMs: number;
  /** Ms from `since` to the expiry of the victim's lease as the store last told it (negative: before the kill). */
  readonly leaseEndMs: number | undefined;
}

/** The expiry of `log`'s lease of `partition` as the store last told it (acquire or heartbeat). */
const lastExpiry = (log: ProcessLog, partition: number): number | undefined => {
  let expiresAt: number | undefined;
  for (const line of log.lines)
    if (line.t === 'acquire' && line.p === partition) expiresAt = line.expiresAt ?? undefined;
    else if (line.t === 'beat') expiresAt = line.held.find(([p]) => p === partition)?.[2];
    else if (line.t === 'release' && line.ps.includes(partition)) expiresAt = undefined;
  return expiresAt;
};

/** The takeovers of the partitions the killed `victim` owned, timed from `since` (see {@link Takeover}). */
export const takeoversOf = (logs: readonly ProcessLog[], victim: string, since: number): Takeover[] => {
  const killed = logs.find((log) => log.label === victim);
  if (killed?.killedAt === undefined) throw new Error(`${victim} was not killed`);
  const owned = [...ownersAt([{ ...killed, killedAt: undefined }], killed.killedAt).keys()].sort(
    (a, b) => a - b,
  );
  return owned.map((partition) => {
    const taken = logs
      .filter((log) => log.label !== victim)
      .flatMap((log) =>
        log.lines.flatMap((line) =>
          line.t === 'assigned' && line.p === partition && line.at > since
            ? [{ by: log.label, at: line.at }]
            : [],
        ),
      )
      .sort((a, b) => a.at - b.at)[0];
    const expiresAt = lastExpiry(killed, partition);
    return {
      partition,
      by: taken?.by,
      afterMs: taken === undefined ? Number.POSITIVE_INFINITY : taken.at - since,
      leaseEndMs: expiresAt === undefined ? undefined : expiresAt - since,
    };
  });
};
