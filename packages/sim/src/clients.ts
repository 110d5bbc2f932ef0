import {
  type AuctionCommand,
  auctionStreamName,
  type ExecuteResult,
  isEventStoreError,
  type RecordedEvent,
} from '@gavel/core';
import type { Instance } from './instance';
import type { World } from './world';

/** How long a client waits for an answer before it takes the call as lost (its process may be dead). */
export const CLIENT_PATIENCE_MS = 6_000;
/**
 * How long a client waits before retrying a call whose outcome is unknown: longer than any call stays in
 * flight in the database (the slowest simulated call, 4 s), as the store's `timeoutMs` promises.
 */
export const UNKNOWN_RETRY_MS = 4_500;
/** Attempts per command. */
const MAX_ATTEMPTS = 6;

/** The clients of a run: they send commands, retry as the service's errors tell, and check the answers. */
export interface Clients {
  /** Sends a command (a bid's `bidId` is its key) to a live process, retrying after failures. */
  send(command: AuctionCommand, key: string): void;
  /** Checks the recorded streams against the answers: run on each stream appended since the last step. */
  checkStream(streamName: string, events: readonly RecordedEvent[]): void;
}

const bidIdOf = (command: AuctionCommand): string | undefined =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid' ? command.data.bidId : undefined;

const recordedBidId = (event: RecordedEvent): string | undefined =>
  event.type === 'BidPlaced' || event.type === 'MaxBidSet'
    ? (event.data as { bidId: string }).bidId
    : undefined;

const sameEvent = (recorded: RecordedEvent | undefined, answered: { type: string; data: unknown }): boolean =>
  recorded !== undefined &&
  recorded.type === answered.type &&
  JSON.stringify(recorded.data) === JSON.stringify(answered.data);

/** Creates the clients over the live processes `instances()`. */
export const createClients = (world: World, instances: () => readonly Instance[]): Clients => {
  const { time, trace, prng, database } = world;
  /** Bids acknowledged as accepted: each is recorded exactly once. */
  const accepted = new Set<string>();
  /** Bids answered with a rejection: never recorded. */
  const rejected = new Map<string, string>();

  const eventsOf = async (auctionId: string): Promise<readonly RecordedEvent[]> =>
    (await database.readStream(auctionStreamName(auctionId))).events;

  const checkAccepted = async (
    key: string,
    command: AuctionCommand,
    result: ExecuteResult,
  ): Promise<void> => {
    if (!result.ok || result.events.length === 0) return;
    const events = await eventsOf(command.data.auctionId);
    const bidId = bidIdOf(command);
    if (result.duplicate === true) {
      const first = events.find((event) => recordedBidId(event) === bidId);
      if (!sameEvent(first, result.events[0] as { type: string; data: unknown }))
        world.violate(
          'acknowledged-outcome',
          `${key} was answered as a retry of a bid the stream does not hold`,
        );
      return;
    }
    // The answer's version is the stream's after the whole write (a group commit holds several
    // commands): the command's own events are within it, one after the other, and are this command's.
    const answered = result.events as readonly { type: string; data: unknown }[];
    const first = answered[0] as { type: string; data: unknown };
    const ownBid = (first.data as { bidId?: unknown }).bidId;
    if (bidId !== undefined && ownBid !== bidId) {
      world.violate('acknowledged-outcome', `${key} was answered with the events of bid ${String(ownBid)}`);
      return;
    }
    const at = events.findIndex((event, i) => i < result.version && sameEvent(event, first));
    if (at === -1 || !answered.every((event, i) => sameEvent(events[at + i], event)))
      world.violate(
        'acknowledged-outcome',
        `${key} was answered with ${answered.map((event) => event.type).join(', ')} by v${result.version}, which the stream does not hold`,
      );
  };

  /** Checks that an attempt said not to have written did not write (unless the bid was recorded before it). */
  const notRecorded = (
    invariant: string,
    key: string,
    command: AuctionCommand,
    before: boolean,
    why: string,
  ): void => {
    const bidId = bidIdOf(command);
    if (bidId !== undefined && !before && world.recordedBids.has(bidId))
      world.violate(invariant, `${key} is recorded, yet ${why}`);
  };

  const send = (command: AuctionCommand, key: string, attempt = 1): void => {
    const live = instances().filter((instance) => instance.alive());
    if (live.length === 0) {
      time.scheduler.setTimeout(() => send(command, key, attempt), 500);
      return;
    }
    const instance = prng.pick(live);
    const bidId = bidIdOf(command);
    /** Whether the bid was recorded before this attempt (by an earlier one whose outcome was unknown). */
    const before = bidId !== undefined && world.recordedBids.has(bidId);
    trace.add(`client ${key} #${attempt} to ${instance.name}@${time.now()}`);
    let settled = false;
    const retry = (afterMs: number, before?: () => Promise<void>): void => {
      if (attempt >= MAX_ATTEMPTS) {
        trace.add(`client ${key} gave up@${time.now()}`);
        return;
      }
      time.scheduler.setTimeout(() => {
        (before?.() ?? Promise.resolve()).then(() => send(command, key, attempt + 1));
      }, afterMs);
    };
    const patience = time.scheduler.setTimeout(() => {
      if (settled) return;
      settled = true;
      trace.add(`client ${key} no answer@${time.now()}`);
      retry(UNKNOWN_RETRY_MS);
    }, CLIENT_PATIENCE_MS);
    let call: Promise<ExecuteResult>;
    try {
      call = instance.service.execute(command);
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      async (result) => {
        if (settled) return;
        settled = true;
        time.scheduler.clearTimeout(patience);
        trace.add(`client ${key} ${result.ok ? `ok v${result.version}` : result.code}@${time.now()}`);
        if (result.ok) {
          if (bidId !== undefined && result.events.length > 0) accepted.add(bidId);
          await checkAccepted(key, command, result);
        } else if (result.code === 'CONFLICT_RETRY_EXHAUSTED') {
          retry(prng.int(100, 1_000));
        } else if (bidId !== undefined) {
          rejected.set(bidId, result.code);
          notRecorded('acknowledged-outcome', key, command, before, `it was answered ${result.code}`);
        }
      },
      async (error: unknown) => {
        if (settled) return;
        settled = true;
        time.scheduler.clearTimeout(patience);
        if (!isEventStoreError(error)) {
          world.violate('service-error', `${key}: the service rejected with ${String(error)}`);
          return;
        }
        trace.add(
          `client ${key} ${error.code}${error.mayHaveWritten ? ' mayHaveWritten' : ''}@${time.now()}`,
        );
        if (error.mayHaveWritten) {
          retry(UNKNOWN_RETRY_MS);
          return;
        }
        const why = `its call failed with ${error.code} without mayHaveWritten`;
        notRecorded('may-have-written', key, command, before, why);
        retry(prng.int(200, 1_000), async () =>
          notRecorded('may-have-written', key, command, before, `${why} (seen at the retry)`),
        );
      },
    );
  };

  return {
    send,
    checkStream: (streamName, events) => {
      const counts = new Map<string, number>();
      for (const event of events) {
        const bidId = recordedBidId(event);
        if (bidId === undefined) continue;
        counts.set(bidId, (counts.get(bidId) ?? 0) + 1);
        const code = rejected.get(bidId);
        if (code !== undefined)
          world.violate(
            'acknowledged-outcome',
            `bid ${bidId} was answered ${code} but is recorded in ${streamName}`,
          );
      }
      for (const [bidId, count] of counts)
        if (count > 1)
          world.violate('recorded-once', `bid ${bidId} is recorded ${count} times in ${streamName}`);
      for (const bidId of accepted)
        if (bidId.startsWith(`${streamName.slice('auction-'.length)}/`) && !counts.has(bidId))
          world.violate('recorded-once', `bid ${bidId} was acknowledged but is not in ${streamName}`);
    },
  };
};
