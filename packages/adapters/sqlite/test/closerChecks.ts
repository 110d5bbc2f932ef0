import type { ChildProcess } from 'node:child_process';
import type { EventStore, RecordedEvent } from '@gavel/core';
import { openAuctionCommand } from '../../../core/src/testing/openAuctionCommand';
import { checkAuctionStream } from './checkAuctionStream';
import { createAuctionService, fold, increments, isAuctionClosed, toAuctionEvent } from './core';

/** One auction to open for the closer tests: its end, and whether a late bid should extend it. */
export interface CloserTestAuction {
  readonly auctionId: string;
  readonly endsAt: number;
  /** Bid this many ms before the end (inside the soft-close window of 400 ms), to extend it. */
  readonly lateBidMs?: number;
}

/**
 * Opens the auctions (all at once; soft close: window 400 ms, extension 500 ms) and schedules their late
 * bids; resolves once they are open, with a promise of the late bids (not awaited, as promises flatten).
 */
export const openCloserTestAuctions = async (
  store: EventStore,
  auctions: readonly CloserTestAuction[],
): Promise<{ readonly lateBids: Promise<void> }> => {
  const service = createAuctionService({ store });
  const now = Date.now();
  const opening = auctions.map(async ({ auctionId, endsAt }) => {
    const result = await service.execute(
      openAuctionCommand(auctionId, {
        startsAt: now,
        endsAt,
        increments: increments.ebayUsd,
        softClose: { windowMs: 400, extendMs: 500 },
      }),
    );
    if (!result.ok) throw new Error(`could not open ${auctionId}: ${result.code}`);
  });
  await Promise.all(opening);
  const bids = auctions.flatMap(({ auctionId, endsAt, lateBidMs }) =>
    lateBidMs === undefined
      ? []
      : [
          new Promise<void>((resolve) =>
            setTimeout(
              () => {
                void service
                  .execute({
                    type: 'SetMaxBid',
                    data: { auctionId, bidderId: 'late-bidder', maxAmount: 500 },
                  })
                  .then(
                    () => resolve(),
                    () => resolve(),
                  );
              },
              Math.max(0, endsAt - lateBidMs - Date.now()),
            ),
          ),
        ],
  );
  return { lateBids: Promise.all(bids).then(() => {}) };
};

/** An `AuctionClosed` as found in the store, with its auction's effective end. */
export interface FoundClose {
  readonly auctionId: string;
  readonly endsAt: number;
  readonly at: number;
  readonly recordedAt: number;
  readonly globalPosition: bigint;
}

/** Every `AuctionClosed` in the store, in global order. */
export const closesInStore = async (store: EventStore): Promise<RecordedEvent[]> => {
  const closes: RecordedEvent[] = [];
  for await (const message of store.subscribe({ category: 'auction' })) {
    if (message.type === 'caught-up') break;
    if (isAuctionClosed(message.event)) closes.push(message.event);
  }
  return closes;
};

/**
 * Checks that every one of `auctionIds` has exactly one `AuctionClosed`, as its last event, at or after
 * its effective end, with the outcome the rules give (core's replay decides every event again); returns
 * the closes, or throws naming the first problem.
 */
export const checkClosedOnce = async (
  store: EventStore,
  auctionIds: readonly string[],
): Promise<FoundClose[]> => {
  const found: FoundClose[] = [];
  for (const auctionId of auctionIds) {
    const { events } = await store.readStream(`auction-${auctionId}`);
    const closes = events.filter((event) => event.type === 'AuctionClosed');
    if (closes.length !== 1) throw new Error(`${auctionId} has ${closes.length} AuctionClosed events`);
    const close = events[events.length - 1] as RecordedEvent;
    if (close.type !== 'AuctionClosed') throw new Error(`${auctionId} has ${close.type} after its close`);
    const problems = checkAuctionStream(events).problems;
    if (problems.length > 0) throw new Error(`${auctionId}: ${problems.join('; ')}`);
    const endsAt = fold(events.slice(0, -1).map(toAuctionEvent)).endsAt;
    const at = (close.data as { at: number }).at;
    if (at < endsAt) throw new Error(`${auctionId} closed at ${at}, before its end ${endsAt}`);
    found.push({ auctionId, endsAt, at, recordedAt: close.recordedAt, globalPosition: close.globalPosition });
  }
  return found;
};

/** Polls until `done()` holds, or throws after `timeoutMs`. */
export const waitUntil = async (
  done: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** Resolves with the first stdout line of `child` that starts with `prefix`. */
export const lineStartingWith = (child: ChildProcess, prefix: string): Promise<string> =>
  new Promise((resolve, reject) => {
    let partial = '';
    const onData = (chunk: Buffer | string): void => {
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      const line = parts.find((candidate) => candidate.startsWith(prefix));
      if (line === undefined) return;
      child.stdout?.off('data', onData);
      resolve(line);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before '${prefix}'`)),
    );
  });

/** The p-th percentile of some numbers (nearest rank). */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? 0;
};
