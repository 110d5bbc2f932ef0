import { api, type OwnOffer } from './api';
import { h, setText } from './dom';
import { formatMoney, parseMajorUnits } from './money';
import { getState, offerAccepted, type PageState } from './pageState';
import { refreshStanding } from './refreshStanding';
import { createRetractControl } from './retractControl';

/** The bid section of an auction's page: the reader's offer, the two bid forms, buy it now, retraction. */
export interface BidControls {
  readonly element: HTMLElement;
  render(page: PageState): void;
}

const offerText = (offer: OwnOffer | null, currency: string): string => {
  if (offer === null) return '';
  return 'maxAmount' in offer
    ? `Your secret maximum: ${formatMoney(offer.maxAmount, currency)} (only you see it)`
    : `Your bid: ${formatMoney(offer.amount, currency)}`;
};

const newBidId = (): string => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

const amountInput = (id: string) =>
  h('input', { id, name: id, testid: id, inputmode: 'decimal', autocomplete: 'off', required: true });

/**
 * A straight bid (`bid-amount` + `bid-submit`) and a maximum (`max-amount` + `max-submit`), typed in
 * major units; buy it now when the auction offers it; the retraction control. An accepted offer shows
 * at once; a refused one says why (`bid-error`).
 */
export const createBidControls = (auctionId: string): BidControls => {
  const yourOffer = h('p', { testid: 'your-offer' });
  const error = h('p', { class: 'error', role: 'alert', testid: 'bid-error' });
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

  return {
    element: h(
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
    render: (page) => {
      const view = page.auctions[auctionId]?.view;
      if (view === undefined) return;
      setText(yourOffer, offerText(page.standings[auctionId]?.offer ?? null, view.currency));
      const open = view.status === 'open';
      for (const control of [bidAmount, maxAmount, bidSubmit, maxSubmit]) control.disabled = !open;
      buyNow.hidden = view.buyNowPrice === null;
      if (view.buyNowPrice !== null)
        setText(buyNow, `Buy it now for ${formatMoney(view.buyNowPrice, view.currency)}`);
      retract.render(page);
    },
  };
};
