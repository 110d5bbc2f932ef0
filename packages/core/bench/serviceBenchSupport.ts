import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { AuctionCommand, OpenAuction } from '../src/auction/commands';
import { decide } from '../src/auction/decide';
import type { Decision } from '../src/auction/decision';
import type { AuctionEvent } from '../src/auction/events';
import { fold } from '../src/auction/fold';
import { type PublicView, publicView } from '../src/auction/publicView';
import type { EventStore } from '../src/eventStore/eventStore';
import { auctionStreamName } from '../src/eventStore/streamName';
import { isVersionConflictError } from '../src/eventStore/versionConflictError';
import { increments } from '../src/money/increments';
import { openAuctionCommand, TEST_AUCTION_START } from '../src/testing/openAuctionCommand';

/** The benchmark's clock: one auction day starting at T0. */
export const T0 = TEST_AUCTION_START;

/** An auction open for a year from T0, eBay USD increments, starting at 100. */
export const openCommand = (auctionId: string): OpenAuction =>
  openAuctionCommand(auctionId, { endsAt: T0 + 31_536_000_000, increments: increments.ebayUsd });

/** What the peer answers: the decision and, like the service, the public view after it. */
export type PeerAnswer = Decision & { readonly view: PublicView | null };

/**
 * The peer: Emmett-style handling that reads and folds the whole stream for every command, then appends
 * with the expected version read, retrying on a conflict (as Emmett's `CommandHandler` does).
 */
export const createReplayingHandler = (store: EventStore, clock: () => number, maxAttempts = 100) => {
  return async (command: AuctionCommand): Promise<PeerAnswer> => {
    const streamName = auctionStreamName(command.data.auctionId);
    for (let attempt = 1; ; attempt++) {
      const read = await store.readStream(streamName);
      const state = fold(
        read.events.map((event) => ({ type: event.type, data: event.data }) as AuctionEvent),
      );
      const now = clock();
      const decision = decide(command, state, now);
      if (!decision.ok || decision.events.length === 0) return { ...decision, view: publicView(state, now) };
      try {
        await store.appendToStream(
          streamName,
          decision.events.map((event) => ({ type: event.type, data: event.data })),
          { expectedVersion: read.currentVersion },
        );
        return { ...decision, view: publicView(fold(decision.events, state), now) };
      } catch (error) {
        if (!isVersionConflictError(error) || attempt >= maxAttempts) throw error;
      }
    }
  };
};

/** Runs `body` and returns the elapsed seconds. */
export const timed = async (body: () => Promise<void>): Promise<number> => {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** The median of some numbers. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** The machine line of the benchmark table. */
export const machine = (): string => {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${cpus().length} cores, ${model}, Node ${process.versions.node}`;
};

/** Formats a number with thin grouping. */
export const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
