/**
 * Bench-only: whole auction histories decided in memory with the pure decider, as the command service
 * would have written them (the events of `decide`, the service's event ids: a bid's first event has its
 * `bidId`, other commands `~c:<uuid>`), so that a benchmark fills a store with one `appendToStream` per
 * auction instead of one command at a time. Every bid is accepted by `decide` at its time; a closed
 * auction's `AuctionClosed` is decided at its close time. {@link fillWithAuctions} fills a store with
 * closed auctions of a given length.
 */
import { decisionEventId } from '../src/commandHandling/eventIds';
import {
  type AuctionCommand,
  type AuctionState,
  auctionStreamName,
  decide,
  type EventStore,
  type EventToAppend,
  evolve,
  incrementAt,
  initialState,
  minimumNextBid,
} from '../src/index';

/** A small seeded random source in [0, 1) (mulberry32), so that a history is the same at every build. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** What one auction's history is made of. */
export interface AuctionPlan {
  readonly auctionId: string;
  readonly sellerId: string;
  /** When it opened (epoch ms): `AuctionOpened.at` and `startsAt`. */
  readonly openAt: number;
  readonly endsAt: number;
  /** Bids to decide, spread evenly over `[openAt, bidsUntil)`. */
  readonly bids: number;
  /** The last bid comes before this; at most `endsAt`. */
  readonly bidsUntil: number;
  /** Who bids, in turn (skipping the leader); at least two. */
  readonly bidders: readonly string[];
  readonly startingPrice: number;
  readonly reservePrice?: number;
  /** When the closer closed it (at or after `endsAt`); absent for an auction still open. */
  readonly closeAt?: number;
}

/**
 * The events of one auction's stream, in order, each with the id the service gives it. Bids alternate
 * proxies (`SetMaxBid`) and straight bids (`PlaceBid`) at the minimum next bid or up to three
 * increments above it; a bid `decide` refuses (none does with these rules) is left out.
 */
export const decideAuctionHistory = (plan: AuctionPlan, random: () => number): EventToAppend[] => {
  const { auctionId } = plan;
  const events: EventToAppend[] = [];
  let state: AuctionState = initialState();
  const record = (command: AuctionCommand, now: number, bidId?: string): boolean => {
    const decision = decide(command, state, now);
    if (!decision.ok) return false;
    const key = bidId === undefined ? { commandId: globalThis.crypto.randomUUID() } : { bidId };
    decision.events.forEach((event, n) => {
      state = evolve(state, event);
      events.push({ type: event.type, data: event.data, eventId: decisionEventId(key, n) });
    });
    return true;
  };
  const opened = record(
    {
      type: 'OpenAuction',
      data: {
        auctionId,
        sellerId: plan.sellerId,
        currency: 'USD',
        startingPrice: plan.startingPrice,
        ...(plan.reservePrice === undefined ? {} : { reservePrice: plan.reservePrice }),
        endsAt: plan.endsAt,
      },
    },
    plan.openAt,
  );
  if (!opened) throw new Error(`auction history: could not open ${auctionId}`);
  const step = (plan.bidsUntil - plan.openAt) / (plan.bids + 1);
  let turn = Math.floor(random() * plan.bidders.length);
  for (let i = 0; i < plan.bids; i++) {
    let bidderId = plan.bidders[turn++ % plan.bidders.length] as string;
    if (bidderId === state.leader?.bidderId) bidderId = plan.bidders[turn++ % plan.bidders.length] as string;
    const minimum = minimumNextBid(state) as number;
    const increment = incrementAt(state.rules?.increments ?? [], minimum);
    const amount = minimum + Math.floor(random() * 4) * increment;
    const bidId = globalThis.crypto.randomUUID();
    const now = Math.floor(plan.openAt + (i + 1) * step);
    record(
      random() < 0.5
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount, bidId } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount, bidId } },
      now,
      bidId,
    );
  }
  if (plan.closeAt !== undefined && !record({ type: 'CloseAuction', data: { auctionId } }, plan.closeAt))
    throw new Error(`auction history: could not close ${auctionId}`);
  return events;
};

/**
 * Fills the store: `streams` auctions of `events / streams` events each (an `AuctionOpened`, bids, an
 * `AuctionClosed`), closed in the past, appended 100 streams at a time. Answers the events written.
 */
export const fillWithAuctions = async (
  store: EventStore,
  events: number,
  streams: number,
): Promise<number> => {
  const perStream = Math.max(3, Math.round(events / streams));
  const random = seededRandom(7);
  const now = Date.now();
  const bidders = Array.from({ length: 50 }, (_, n) => `bidder-${n}`);
  let written = 0;
  const WAVE = 100;
  for (let first = 0; first < streams; first += WAVE) {
    const appends: Promise<unknown>[] = [];
    for (let n = first; n < Math.min(streams, first + WAVE); n++) {
      const auctionId = `thr-${n}`;
      const endsAt = now - 86_400_000 + n;
      const plan: AuctionPlan = {
        auctionId,
        sellerId: `seller-${n % 97}`,
        openAt: endsAt - 7 * 86_400_000,
        endsAt,
        bids: perStream - 2,
        bidsUntil: endsAt,
        bidders: [0, 1, 2, 3].map((k) => bidders[(n + k * 13) % bidders.length] as string),
        startingPrice: 1_000,
        closeAt: endsAt + 500,
      };
      const history = decideAuctionHistory(plan, random);
      written += history.length;
      appends.push(
        store.appendToStream(auctionStreamName(auctionId), history, { expectedVersion: 'no_stream' }),
      );
    }
    await Promise.all(appends);
  }
  return written;
};
