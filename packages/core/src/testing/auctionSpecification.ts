import { auctionOffers } from '../auction/auctionOffers';
import { initialState } from '../auction/auctionState';
import type { AuctionCommand } from '../auction/commands';
import { decide } from '../auction/decide';
import type { Decision, RejectionCode } from '../auction/decision';
import type { AuctionEvent } from '../auction/events';
import { fold } from '../auction/fold';
import { sameJson } from '../internal/sameJson';

/** A failed expectation of an {@link auctionSpecification}: what was expected and what was decided. */
export class AuctionSpecificationError extends Error {
  /** Always `'SPECIFICATION_FAILED'`. */
  readonly code = 'SPECIFICATION_FAILED' as const;
  /** What the specification expected. */
  readonly expected: unknown;
  /** What `decide` returned. */
  readonly actual: Decision;
  constructor(message: string, expected: unknown, actual: Decision) {
    super(message);
    this.name = 'AuctionSpecificationError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** The `then` step of an {@link auctionSpecification}. */
export interface AuctionSpecificationThen {
  /** Asserts that the command is accepted with exactly these events (key order aside). */
  thenEvents(events: readonly AuctionEvent[]): void;
  /** Asserts that the command is rejected with this code; returns the rejection for further checks. */
  thenRejected(code: RejectionCode): Extract<Decision, { ok: false }>;
  /** The decision itself, for checks of your own. */
  decision(): Decision;
}

/** The `when` step of an {@link auctionSpecification}. */
export interface AuctionSpecificationWhen {
  /**
   * Decides `command` at `now` (epoch ms; default: the `at` of the last given event, or 0); a
   * `RetractBid` with the offers of the given events.
   */
  when(command: AuctionCommand, now?: number): AuctionSpecificationThen;
}

const show = (value: unknown): string => JSON.stringify(value);

/**
 * A given/when/then specification of the decider that needs no test runner: a failed step throws an
 * {@link AuctionSpecificationError}, which every runner reports as a failure.
 *
 * @example
 * auctionSpecification()
 *   .given([opened])
 *   .when({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'alice', amount: 50 } }, 2_000)
 *   .thenRejected('BID_TOO_LOW');
 */
export const auctionSpecification = (): {
  given(events: readonly AuctionEvent[]): AuctionSpecificationWhen;
} => ({
  given: (events) => ({
    when: (command, now) => {
      const last = events[events.length - 1];
      const at = now ?? (last === undefined ? 0 : last.data.at);
      // Read with care: a specification may hand `decide` anything, even null, to see it rejected.
      const retract = (command as { readonly type?: unknown } | null)?.type === 'RetractBid';
      const offers = retract ? auctionOffers(events) : undefined;
      const decision = decide(command, fold(events, initialState()), at, offers);
      return {
        decision: () => decision,
        thenEvents: (expected) => {
          if (!decision.ok)
            throw new AuctionSpecificationError(
              `expected ${show(expected)} but ${command.type} was rejected: ${decision.code} (${decision.message})`,
              expected,
              decision,
            );
          if (!sameJson(decision.events, expected))
            throw new AuctionSpecificationError(
              `expected ${show(expected)} but decided ${show(decision.events)}`,
              expected,
              decision,
            );
        },
        thenRejected: (code) => {
          if (decision.ok || decision.code !== code)
            throw new AuctionSpecificationError(
              `expected the rejection ${code} but decided ${show(decision)}`,
              code,
              decision,
            );
          return decision;
        },
      };
    },
  }),
});
