import {
  type AuctionCommand,
  type AuctionEvent,
  type AuctionState,
  decide,
  evolve,
  incrementAt,
  initialState,
  minimumNextBid,
  type OpenAuction,
} from '../src/index';

/** Bench-only: the auction every benchmark stream runs in (ebayUsd increments, a reserve, no soft close). */
export const benchOpen: OpenAuction = {
  type: 'OpenAuction',
  data: {
    auctionId: 'bench',
    sellerId: 'seller',
    currency: 'USD',
    startingPrice: 1000,
    reservePrice: 5000,
    startsAt: 0,
    endsAt: 10_000_000_000_000,
  },
};

const BIDDERS = ['b1', 'b2', 'b3', 'b4', 'b5'];

/** A realistic bid stream, as the rules accept it: every command was decided and accepted. */
export interface BidStream {
  /** `AuctionOpened`, then one `MaxBidSet` or `BidPlaced` per bid. */
  readonly events: readonly AuctionEvent[];
  /** The bids, as the commands that recorded them. */
  readonly commands: readonly AuctionCommand[];
  /** The state before each bid (index i: before commands[i]). Only kept when asked for. */
  readonly statesBefore: readonly AuctionState[];
}

/**
 * Bidders in turn (skipping the leader) alternate proxies and straight bids at the minimum next bid
 * or up to three increments above it, so that proxies answer straight bids and leaders change.
 */
export const bidStream = (bids: number, keepStates = false): BidStream => {
  let state = initialState();
  const events: AuctionEvent[] = [];
  const commands: AuctionCommand[] = [];
  const statesBefore: AuctionState[] = [];
  const apply = (command: AuctionCommand, now: number): void => {
    const decision = decide(command, state, now);
    if (!decision.ok) throw new Error(`bench stream: ${decision.code} ${decision.message}`);
    for (const event of decision.events) {
      state = evolve(state, event);
      events.push(event);
    }
  };
  apply(benchOpen, 0);
  let turn = 0;
  for (let i = 0; i < bids; i++) {
    let bidderId = BIDDERS[turn++ % BIDDERS.length] as string;
    if (bidderId === state.leader?.bidderId) bidderId = BIDDERS[turn++ % BIDDERS.length] as string;
    const minimum = minimumNextBid(state) as number;
    const amount = minimum + (i % 4) * incrementAt(increments(state), minimum);
    const command: AuctionCommand =
      i % 2 === 0
        ? { type: 'SetMaxBid', data: { auctionId: 'bench', bidderId, maxAmount: amount } }
        : { type: 'PlaceBid', data: { auctionId: 'bench', bidderId, amount } };
    if (keepStates) statesBefore.push(state);
    commands.push(command);
    apply(command, i + 1);
  }
  return { events, commands, statesBefore };
};

const increments = (state: AuctionState) => {
  if (state.rules === null) throw new Error('bench stream: auction not open');
  return state.rules.increments;
};
