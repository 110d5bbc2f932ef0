import { expect } from 'vitest';
import {
  batchesOf,
  batchShapeProblems,
  fencingProblems,
  leaseProblems,
  lifeProblems,
  overlappingBatchProblems,
  ownershipAtProblems,
  ownershipOrderProblems,
  skippedEventProblems,
  unhandledEventProblems,
} from './handledLogChecks';
import { asHandled, PROCESSES_SETTINGS, type ProcessesRun } from './processorsAcrossProcesses';

/**
 * The promises of processors across processes, on a run: every acknowledged bid is in the store; every
 * auction event was handled at least once, none skipped, each stream in order, each batch of one
 * partition; a process handled a partition only while it owned it; no two processes handled one
 * partition at once; the killed process's partitions were taken over within the lease, one renewal and
 * some slack; at the end each partition had one owner. Prints the takeover times and counts.
 */
export const expectProcessorsKeptTheirPromises = (run: ProcessesRun): void => {
  const settings = PROCESSES_SETTINGS;
  const { logs, storeEvents } = run;
  const batches = logs.flatMap(batchesOf);
  const accepted = run.answers.filter((answer) => answer.ok).map((answer) => answer.bidId);
  const bound = settings.leaseMs + settings.renewIntervalMs + settings.takeoverSlackMs;

  const finished = batches.filter((batch) => batch.end !== undefined);
  const handled = finished.reduce((n, batch) => n + batch.events.length, 0);
  const distinct = new Set(
    finished.flatMap((batch) => batch.events.map(([stream, version]) => `${stream}@${version}`)),
  );
  const cut = batches.filter((batch) => batch.process === run.victim && batch.end === undefined);
  const errors = logs.map((log) => {
    const codes = new Map<string, number>();
    for (const line of log.lines)
      if (line.t === 'error') codes.set(line.code, (codes.get(line.code) ?? 0) + 1);
    return `${log.label}: ${[...codes].map(([code, n]) => `${code}×${n}`).join(' ') || 'none'}`;
  });
  console.log(
    [
      `[${run.label}] killed ${run.victim} owning partitions ${run.takeovers.map((t) => t.partition).join(', ')}` +
        (cut.length === 0
          ? ' between batches'
          : ` in the middle of a batch of ${cut[0]?.events.length} events`),
      `taken over after ${run.takeovers.map((t) => `${t.afterMs.toFixed(0)} ms (by ${t.by}; the lease ended at ${t.leaseEndMs?.toFixed(0)} ms)`).join(', ')} (lease ${settings.leaseMs} ms, bound ${bound} ms)`,
      `${accepted.length} bids accepted, ${storeEvents.length} auction events, ${handled} handled (${handled - distinct.size} of them again) in ${batches.length} batches`,
      `errors reported: ${errors.join('; ')}`,
      `phases: ${Object.entries(run.phasesMs)
        .map(([name, ms]) => `${name} ${(ms / 1_000).toFixed(1)} s`)
        .join(', ')}`,
    ].join('\n  '),
  );

  const recorded = new Set(
    storeEvents.flatMap((event) => {
      const bidId = (event.data as { bidId?: unknown }).bidId;
      return typeof bidId === 'string' ? [bidId] : [];
    }),
  );
  const problems = {
    acknowledgedBidsMissing: accepted.filter((bidId) => !recorded.has(bidId)),
    life: lifeProblems(logs),
    unhandled: unhandledEventProblems(storeEvents.map(asHandled), batches),
    batchShape: batchShapeProblems(batches, settings.partitions),
    ownershipAndOrder: ownershipOrderProblems(logs),
    skipped: skippedEventProblems(batches),
    twoOwnersAtOnce: overlappingBatchProblems(logs),
    batchWithoutLease: leaseProblems(logs),
    fencing: fencingProblems(logs),
    ownersAtTheEnd: ownershipAtProblems(logs, run.stopAskedAt, settings.partitions),
    // Every process owned partitions at some time (the work was shared).
    neverOwnedAny: logs
      .filter((log) => !log.lines.some((line) => line.t === 'assigned'))
      .map((log) => log.label),
    takeover: [
      ...(run.takeovers.length === 0 ? [`${run.victim} owned no partition when it was killed`] : []),
      ...run.takeovers.flatMap(({ partition, by, afterMs }) => {
        if (afterMs > bound)
          return [`partition ${partition} was taken over after ${afterMs.toFixed(0)} ms, over ${bound} ms`];
        // The new owner went on with it: it handled batches of it after it took it.
        const resumed = batches.some(
          (batch) =>
            batch.process === by && batch.partition === partition && batch.start > run.killSentAt + afterMs,
        );
        return resumed ? [] : [`partition ${partition}: ${by} took it but handled none of it after`];
      }),
    ],
  };
  expect(problems).toEqual(Object.fromEntries(Object.keys(problems).map((name) => [name, []])));
  // Enough happened for the checks to mean something.
  expect(accepted.length).toBeGreaterThan(100);
};
