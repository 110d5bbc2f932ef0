import type { PublicView } from '@gavel/core';
import { moneyOrDash } from './money';

/**
 * The outcome as the page writes it: `before`, then the outcome element (`data-testid="outcome"`), then
 * `after`. The element's text is the contract's: the winner's masked id (the same string as
 * `view.outcome.winnerId`), `unsold`, or empty while the auction is not closed. The words around it
 * speak to the reader: `You won (as nr5eyl6b) for $11.00.` to the winner, `Sold to nr5eyl6b for $11.00.`
 * to everyone else.
 */
export interface OutcomeLine {
  readonly before: string;
  /** The text of the outcome element: a masked id, `unsold`, or '' before the close. */
  readonly outcome: string;
  readonly after: string;
  /** True when the reader is the winner. */
  readonly youWon: boolean;
}

const NONE: OutcomeLine = { before: '', outcome: '', after: '', youWon: false };

/**
 * The outcome line of an auction for a reader whose masked id in it is `ownId` (undefined when signed
 * out, or not a bidder).
 */
export const outcomeLine = (view: PublicView, ownId: string | undefined): OutcomeLine => {
  if (view.status === 'cancelled')
    return { before: 'Cancelled by the seller: ', outcome: 'unsold', after: '.', youWon: false };
  const outcome = view.outcome;
  if (view.status !== 'closed' || outcome === undefined) return NONE;
  if (outcome.outcome === 'sold' && outcome.winnerId !== undefined) {
    const price = moneyOrDash(outcome.price, view.currency);
    const buyNow = outcome.reason === 'buy-now';
    if (ownId !== undefined && outcome.winnerId === ownId)
      return {
        before: buyNow ? 'You bought it (as ' : 'You won (as ',
        outcome: outcome.winnerId,
        after: buyNow ? `) for ${price} with buy it now.` : `) for ${price}.`,
        youWon: true,
      };
    return {
      before: 'Sold to ',
      outcome: outcome.winnerId,
      after: ` for ${price}${buyNow ? ' (buy it now)' : ''}.`,
      youWon: false,
    };
  }
  const why = outcome.reason === 'reserve-not-met' ? 'the reserve was not met' : 'no bids';
  return { before: 'Closed ', outcome: 'unsold', after: `: ${why}.`, youWon: false };
};

/** The outcome line as one sentence (for the screen reader's announcement). */
export const outcomeSentence = (line: OutcomeLine): string => `${line.before}${line.outcome}${line.after}`;
