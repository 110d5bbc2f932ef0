import { api } from './api';
import { countdownText } from './countdown';
import { h, setText } from './dom';
import type { FeedClient } from './feedClient';
import { moneyOrDash, parseMajorUnits } from './money';
import { getState, listLoaded, onStateChange, type PageState } from './pageState';

/** The most auctions the list watches live (the feed bounds how many one connection may watch). */
const MAX_WATCHED = 50;

const statusText = (auction: PageState['auctions'][string]): string => {
  const { view } = auction;
  if (view.status === 'closed') return view.outcome?.outcome === 'sold' ? 'Sold' : 'Closed, unsold';
  if (view.status === 'cancelled') return 'Cancelled';
  return `${view.bidCount} ${view.bidCount === 1 ? 'bid' : 'bids'}`;
};

const createForm = (onCreated: (auctionId: string) => void): HTMLFormElement => {
  const field = (id: string, label: string, attributes: Record<string, string | boolean>) =>
    h('label', { for: id }, label, h('input', { id, name: id, testid: id, ...attributes }));
  const error = h('p', { class: 'error', role: 'alert', testid: 'create-error' });
  const form = h(
    'form',
    { 'aria-label': 'List an item' },
    field('create-title', 'Title', { required: true, maxlength: '200' }),
    field('create-price', 'Starting price ($)', {
      required: true,
      inputmode: 'decimal',
      placeholder: '10.00',
    }),
    field('create-minutes', 'Duration (minutes)', { required: true, inputmode: 'numeric', value: '10' }),
    field('create-reserve', 'Reserve ($, optional)', { inputmode: 'decimal' }),
    field('create-buy-now', 'Buy it now ($, optional)', { inputmode: 'decimal' }),
    h('button', { type: 'submit', testid: 'create-submit' }, 'List it'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
    const startingPrice = parseMajorUnits(value('create-price'), 'USD');
    const minutes = Number(value('create-minutes'));
    const optional = (id: string) => (value(id) === '' ? undefined : parseMajorUnits(value(id), 'USD'));
    const reservePrice = optional('create-reserve');
    const buyNowPrice = optional('create-buy-now');
    if (startingPrice === null || reservePrice === null || buyNowPrice === null) {
      error.textContent = 'Type amounts in dollars, e.g. 125.50';
      return;
    }
    if (!Number.isFinite(minutes) || minutes <= 0) {
      error.textContent = 'The duration is a number of minutes';
      return;
    }
    const result = await api.create({
      title: value('create-title'),
      startingPrice,
      durationMs: Math.round(minutes * 60_000),
      ...(reservePrice === undefined ? {} : { reservePrice }),
      ...(buyNowPrice === undefined ? {} : { buyNowPrice }),
    });
    if (result.ok) onCreated(result.value.auctionId);
    else error.textContent = result.message;
  });
  return form;
};

/** The list page `/`: every auction with its live price and countdown, ending soonest first. */
export const renderListPage = async (main: HTMLElement, feed: FeedClient): Promise<void> => {
  const list = h('ul', { class: 'auctions', testid: 'auction-list' });
  const empty = h('p', { hidden: true }, 'No auctions yet.');
  let loaded = false;
  const sell = h('section', { 'aria-labelledby': 'sell-heading' });
  const mine = h('section', { 'aria-labelledby': 'my-bids-heading', hidden: true });
  main.replaceChildren(h('h1', {}, 'Auctions'), list, empty, mine, sell);

  /** "Your bids": the user's own offers, their own maxes included (shown to them alone). */
  const renderMine = async (state: PageState): Promise<void> => {
    mine.hidden = state.viewer === null;
    if (state.viewer === null) return;
    const answer = await api.myBids();
    if (!answer.ok) return;
    const items = answer.value.bids.map((bid) => {
      const offer =
        bid.maxAmount !== undefined
          ? `your max ${moneyOrDash(bid.maxAmount, bid.view.currency)}`
          : `your bid ${moneyOrDash(bid.amount, bid.view.currency)}`;
      const closed = bid.view.status === 'closed' || bid.view.status === 'cancelled';
      const standing = closed ? (bid.leading ? 'won' : 'lost') : bid.leading ? 'leading' : 'outbid';
      return h(
        'li',
        {},
        h('a', { href: `/auctions/${encodeURIComponent(bid.auctionId)}` }, bid.title),
        `: ${offer}, ${standing}`,
      );
    });
    mine.replaceChildren(
      h('h2', { id: 'my-bids-heading' }, 'Your bids'),
      items.length === 0 ? h('p', {}, 'No bids yet.') : h('ul', { testid: 'my-bids' }, ...items),
    );
  };
  const cards = new Map<
    string,
    { card: HTMLElement; price: HTMLElement; countdown: HTMLElement; status: HTMLElement }
  >();

  const renderSell = (state: PageState): void => {
    if (state.viewer === null)
      sell.replaceChildren(
        h('h2', { id: 'sell-heading' }, 'Sell something'),
        h('p', {}, 'Sign in to list an item.'),
      );
    else
      sell.replaceChildren(
        h('h2', { id: 'sell-heading' }, 'Sell something'),
        createForm((auctionId) => {
          location.href = `/auctions/${encodeURIComponent(auctionId)}`;
        }),
      );
  };

  const render = (state: PageState): void => {
    for (const auctionId of state.order) {
      const auction = state.auctions[auctionId];
      if (auction === undefined) continue;
      let parts = cards.get(auctionId);
      if (parts === undefined) {
        const price = h('p', { class: 'price', testid: 'card-price' });
        const countdown = h('span', { testid: 'card-countdown' });
        const status = h('span', { class: 'muted' });
        const link = h('a', { href: `/auctions/${encodeURIComponent(auctionId)}` }, auction.title);
        const card = h(
          'li',
          { class: 'card', testid: 'auction-card', 'data-auction-id': auctionId },
          h('h3', { testid: 'card-title' }, link),
          price,
          h('p', {}, 'Time left: ', countdown, ' · ', status),
        );
        parts = { card, price, countdown, status };
        cards.set(auctionId, parts);
        list.append(card);
      }
      const { view } = auction;
      setText(
        parts.price,
        view.price === null
          ? `Starts at ${moneyOrDash(view.minimumNextBid, view.currency)}`
          : moneyOrDash(view.price, view.currency),
      );
      setText(parts.countdown, countdownText(view, Date.now() + state.skewMs));
      setText(parts.status, statusText(auction));
    }
    empty.hidden = !loaded || state.order.length > 0;
  };

  onStateChange((next, previous) => {
    render(next);
    if (next.viewer !== previous.viewer) {
      renderSell(next);
      void renderMine(next);
    }
  });
  setInterval(() => render(getState()), 250);
  renderSell(getState());
  void renderMine(getState());

  const result = await api.list();
  if (!result.ok) {
    main.append(h('p', { class: 'error', role: 'alert' }, result.message));
    return;
  }
  loaded = true;
  listLoaded(result.value.auctions, result.value.now);
  for (const auction of result.value.auctions.slice(0, MAX_WATCHED)) feed.watch(auction.auctionId);
};
