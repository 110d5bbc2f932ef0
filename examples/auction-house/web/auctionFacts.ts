import { bidderLabel } from './bidderLabel';
import { countdownText } from './countdown';
import { h, setText } from './dom';
import { leaderStatus } from './leaderStatus';
import { formatMoney, moneyOrDash } from './money';
import type { LiveAuction, Standing } from './pageState';

/** The top of an auction's page: title, seller, price and standing, and the facts (leader, time left, …). */
export interface AuctionFacts {
  readonly elements: readonly HTMLElement[];
  /** Shows the auction at the server's now (`serverNow`), for the reader's standing. */
  render(auction: LiveAuction, standing: Standing | undefined, serverNow: number): void;
  /** Moves the countdown on (every 250 ms). */
  tick(auction: LiveAuction, serverNow: number): void;
}

/** What an auction's page says about it, whoever reads it. */
export const createAuctionFacts = (): AuctionFacts => {
  const title = h('h1', { testid: 'title' });
  const seller = h('p', { class: 'muted' });
  const price = h('p', { class: 'big-price', testid: 'price' });
  const status = h('p', { testid: 'leader-status', role: 'status' });
  const minNext = h('dd', { testid: 'min-next-bid' });
  const countdown = h('dd', { testid: 'countdown' });
  const state = h('dd', { testid: 'auction-status' });
  const reserve = h('dd', { testid: 'reserve' });
  const bids = h('dd', { testid: 'bid-count' });
  const leader = h('dd', { testid: 'leader' });
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Leader'),
    leader,
    h('dt', {}, 'Minimum next bid'),
    minNext,
    h('dt', {}, 'Time left'),
    countdown,
    h('dt', {}, 'Status'),
    state,
    h('dt', {}, 'Bids'),
    bids,
    h('dt', {}, 'Reserve'),
    reserve,
  );
  const tick = (auction: LiveAuction, serverNow: number): void =>
    setText(countdown, countdownText(auction.view, serverNow));
  return {
    elements: [title, seller, h('section', { 'aria-label': 'Price' }, price, status), facts],
    render: (auction, standing, serverNow) => {
      const { view } = auction;
      const currency = view.currency;
      setText(title, auction.title);
      setText(seller, auction.sellerName === '' ? '' : `Sold by ${auction.sellerName}`);
      setText(price, view.price === null ? 'No bids yet' : formatMoney(view.price, currency));
      const shown = leaderStatus(view, standing);
      setText(status, shown.text);
      status.className = shown.tone === 'none' ? '' : `status-${shown.tone}`;
      setText(minNext, moneyOrDash(view.minimumNextBid, currency));
      setText(leader, bidderLabel(view.leaderId, standing?.bidderId));
      tick(auction, serverNow);
      setText(state, view.status);
      setText(bids, String(view.bidCount));
      setText(reserve, view.reserveMet === null ? 'none' : view.reserveMet ? 'met' : 'not met yet');
    },
    tick,
  };
};
