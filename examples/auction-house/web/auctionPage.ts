import type { PublicHistoryEntry } from '@gavel/core';
import { api, type OwnOffer } from './api';
import { bidderLabel } from './bidderLabel';
import { countdownText } from './countdown';
import { announce, h, setText } from './dom';
import type { FeedClient } from './feedClient';
import { beatenText, historyText } from './historyText';
import { leaderStatus } from './leaderStatus';
import { formatMoney, moneyOrDash, parseMajorUnits } from './money';
import { outcomeLine, outcomeSentence } from './outcomeLine';
import { detailLoaded, getState, offerAccepted, onStateChange, type PageState } from './pageState';
import { refreshStanding } from './refreshStanding';
import { createRetractControl } from './retractControl';

/**
 * The lines of one history entry: one, or two for an automatic bid that beat an offer (as eBay shows
 * it: the beaten offer with its amount and bidder, then the automatic answer), each with its time.
 */
const historyLines = (
  entry: PublicHistoryEntry,
  currency: string,
  ownId: string | undefined,
): HTMLLIElement[] => {
  const time = new Date(entry.at).toLocaleTimeString('en-US');
  const isYou = (bidder: string | null): 'true' | undefined =>
    bidder !== null && bidder === ownId ? 'true' : undefined;
  const named = entry.kind === 'bid' || entry.kind === 'closed';
  const attributes = { 'data-kind': entry.kind, 'data-you': named ? isYou(entry.bidder) : undefined };
  const text = `${time}: ${historyText(entry, currency, ownId)}`;
  if (entry.kind !== 'bid') return [h('li', attributes, text)];
  const answer = h(
    'li',
    { ...attributes, 'data-automatic': String(entry.automatic) },
    text,
    entry.automatic
      ? h('span', { class: 'tag', title: "The engine bid for this bidder's maximum" }, 'automatic')
      : null,
  );
  const beaten = entry.beaten;
  if (beaten === undefined) return [answer];
  return [
    h(
      'li',
      { 'data-kind': 'beaten', 'data-you': isYou(beaten.bidder) },
      `${time}: ${beatenText(beaten, currency, ownId)}`,
    ),
    answer,
  ];
};

const offerText = (offer: OwnOffer | null, currency: string): string => {
  if (offer === null) return '';
  return 'maxAmount' in offer
    ? `Your secret maximum: ${formatMoney(offer.maxAmount, currency)} (only you see it)`
    : `Your bid: ${formatMoney(offer.amount, currency)}`;
};

const newBidId = (): string => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** The auction page `/auctions/:id`: live price, standing, countdown, bid forms, history, outcome. */
export const renderAuctionPage = async (
  main: HTMLElement,
  auctionId: string,
  feed: FeedClient,
): Promise<void> => {
  const result = await api.auction(auctionId);
  if (!result.ok) {
    main.replaceChildren(
      h('h1', {}, 'Auction not found'),
      h('p', {}, h('a', { href: '/' }, 'Back to the list')),
    );
    return;
  }
  detailLoaded(result.value);
  feed.watch(auctionId);

  const title = h('h1', { testid: 'title' });
  const seller = h('p', { class: 'muted' });
  const price = h('p', { class: 'big-price', testid: 'price' });
  const status = h('p', { testid: 'leader-status', role: 'status' });
  const minNext = h('dd', { testid: 'min-next-bid' });
  const countdown = h('dd', { testid: 'countdown' });
  const state = h('dd', { testid: 'auction-status' });
  const reserve = h('dd', { testid: 'reserve' });
  const bids = h('dd', { testid: 'bid-count' });
  const yourOffer = h('p', { testid: 'your-offer' });
  const error = h('p', { class: 'error', role: 'alert', testid: 'bid-error' });
  const history = h('ol', { class: 'history', testid: 'history' });
  const leader = h('dd', { testid: 'leader' });
  // The outcome element holds the contract's text (the winner's masked id, or `unsold`); the words
  // around it speak to the reader ("You won (as nr5eyl6b) for $11.00.").
  const outcome = h('strong', { testid: 'outcome' });
  const outcomeBefore = h('span');
  const outcomeAfter = h('span');
  const outcomeText = h('p', { testid: 'outcome-text' }, outcomeBefore, outcome, outcomeAfter);
  const outcomeBox = h(
    'section',
    { class: 'outcome-box', 'aria-labelledby': 'outcome-heading', hidden: true },
    h('h2', { id: 'outcome-heading' }, 'Outcome'),
    outcomeText,
  );

  const amountInput = (id: string) =>
    h('input', { id, name: id, testid: id, inputmode: 'decimal', autocomplete: 'off', required: true });
  const bidAmount = amountInput('bid-amount');
  const maxAmount = amountInput('max-amount');
  const bidSubmit = h('button', { type: 'submit', testid: 'bid-submit' }, 'Place bid');
  const maxSubmit = h('button', { type: 'submit', testid: 'max-submit' }, 'Set maximum');
  const buyNow = h('button', { type: 'button', testid: 'buy-now' });
  const retract = createRetractControl(auctionId);

  const send = async (kind: 'amount' | 'maxAmount', input: HTMLInputElement): Promise<void> => {
    const auction = getState().auctions[auctionId];
    if (auction === undefined) return;
    const amount = parseMajorUnits(input.value, auction.view.currency);
    if (amount === null) {
      error.textContent = 'Type an amount in dollars, e.g. 125.50';
      return;
    }
    error.textContent = '';
    const offer: OwnOffer = kind === 'amount' ? { amount } : { maxAmount: amount };
    const answer = await api.bid(auctionId, offer, newBidId());
    if (!answer.ok) {
      error.textContent = answer.code === 'UNAUTHENTICATED' ? 'Sign in to bid.' : answer.message;
      return;
    }
    input.value = '';
    offerAccepted(auctionId, offer, answer.value.view, answer.value.version);
    // What the user may retract now that they hold this bid: the catalog knows once it has folded it.
    void refreshStanding(auctionId, answer.value.version);
  };
  const bidForm = h(
    'form',
    { 'aria-label': 'Place a bid' },
    h('label', { for: 'bid-amount' }, 'Your bid ($)', bidAmount),
    bidSubmit,
  );
  const maxForm = h(
    'form',
    { 'aria-label': 'Set a maximum bid' },
    h('label', { for: 'max-amount' }, 'Your maximum ($): the engine bids for you up to it', maxAmount),
    maxSubmit,
  );
  bidForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void send('amount', bidAmount);
  });
  maxForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void send('maxAmount', maxAmount);
  });
  buyNow.addEventListener('click', async () => {
    const answer = await api.buyNow(auctionId);
    error.textContent = answer.ok ? '' : answer.message;
  });

  main.replaceChildren(
    h('p', {}, h('a', { href: '/' }, '← All auctions')),
    title,
    seller,
    h('section', { 'aria-label': 'Price' }, price, status),
    h(
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
    ),
    outcomeBox,
    h(
      'section',
      { 'aria-labelledby': 'bid-heading' },
      h('h2', { id: 'bid-heading' }, 'Bid'),
      yourOffer,
      bidForm,
      maxForm,
      buyNow,
      error,
      retract.element,
    ),
    h(
      'section',
      { 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'History'),
      history,
    ),
  );

  let shownHistory: readonly PublicHistoryEntry[] | null = null;
  let shownOwnId: string | undefined;
  const render = (page: PageState): void => {
    const auction = page.auctions[auctionId];
    if (auction === undefined) return;
    const { view } = auction;
    const currency = view.currency;
    /** The reader's masked id in this auction: where the page shows it, it says "you". */
    const ownId = page.standings[auctionId]?.bidderId;
    document.title = `${auction.title}: Gavel auction house`;
    setText(title, auction.title);
    setText(seller, auction.sellerName === '' ? '' : `Sold by ${auction.sellerName}`);
    setText(price, view.price === null ? 'No bids yet' : formatMoney(view.price, currency));
    const standing = leaderStatus(view, page.standings[auctionId]);
    setText(status, standing.text);
    status.className = standing.tone === 'none' ? '' : `status-${standing.tone}`;
    setText(minNext, moneyOrDash(view.minimumNextBid, currency));
    setText(leader, bidderLabel(view.leaderId, ownId));
    setText(countdown, countdownText(view, Date.now() + page.skewMs));
    setText(state, view.status);
    setText(bids, String(view.bidCount));
    setText(reserve, view.reserveMet === null ? 'none' : view.reserveMet ? 'met' : 'not met yet');
    setText(yourOffer, offerText(page.standings[auctionId]?.offer ?? null, currency));
    const open = view.status === 'open';
    for (const control of [bidAmount, maxAmount, bidSubmit, maxSubmit]) control.disabled = !open;
    buyNow.hidden = view.buyNowPrice === null;
    if (view.buyNowPrice !== null)
      setText(buyNow, `Buy it now for ${formatMoney(view.buyNowPrice, currency)}`);
    const closing = outcomeLine(view, ownId);
    setText(outcomeBefore, closing.before);
    setText(outcome, closing.outcome);
    setText(outcomeAfter, closing.after);
    outcomeText.classList.toggle('you-won', closing.youWon);
    outcomeBox.hidden = closing.outcome === '';
    if ((auction.history !== shownHistory || ownId !== shownOwnId) && auction.history !== null) {
      shownHistory = auction.history;
      shownOwnId = ownId;
      history.replaceChildren(...auction.history.flatMap((entry) => historyLines(entry, currency, ownId)));
    }
    retract.render(page);
  };

  onStateChange((next, previous) => {
    render(next);
    const before = previous.auctions[auctionId]?.view;
    const after = next.auctions[auctionId]?.view;
    if (before === undefined || after === undefined || before === after) return;
    const standing = leaderStatus(after, next.standings[auctionId]);
    if (before.price !== after.price || before.leaderId !== after.leaderId)
      announce(`Price now ${moneyOrDash(after.price, after.currency)}. ${standing.text}`);
    if (before.status !== after.status && after.status === 'closed')
      announce(outcomeSentence(outcomeLine(after, next.standings[auctionId]?.bidderId)));
    if (before.endsAt < after.endsAt) announce('The end was extended by a late bid.');
  });
  setInterval(() => {
    const page = getState();
    const view = page.auctions[auctionId]?.view;
    if (view !== undefined) setText(countdown, countdownText(view, Date.now() + page.skewMs));
  }, 250);
  render(getState());
};
