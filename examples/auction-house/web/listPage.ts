import { api } from './api';
import { announce, h, setText } from './dom';
import type { FeedClient } from './feedClient';
import { createListCards } from './listCards';
import { createListControls, type HistoryMode } from './listControls';
import { listEmptyText } from './listEmptyText';
import { listRequestFor } from './listPath';
import { type ListQuery, sameListQuery } from './listQuery';
import { listQueryFromSearch, searchFromListQuery } from './listQueryUrl';
import { listFailed, listPageLoaded, listRequested, moreRequested } from './listState';
import { moneyOrDash } from './money';
import { getState, onStateChange, type PageState } from './pageState';
import { createSellForm } from './sellForm';

const addressOf = (query: ListQuery): string => `${location.pathname}${searchFromListQuery(query)}`;

/** Loads the first page of the list `query` asks for. */
const loadList = async (query: ListQuery): Promise<void> => {
  const request = listRequested(query);
  const answer = await api.list(listRequestFor(query));
  if (answer.ok) listPageLoaded(request, answer.value);
  else listFailed(request, answer.message);
};

/** Loads the next page ("More") and appends it. */
const loadMore = async (): Promise<void> => {
  const asked = moreRequested();
  if (asked === null) return;
  const answer = await api.list(listRequestFor(getState().list.query, asked.cursor));
  if (answer.ok) listPageLoaded(asked.request, answer.value);
  else listFailed(asked.request, answer.message);
};

/** What a screen reader hears when a list or a further page has come. */
const loadedAnnouncement = (next: PageState, previous: PageState): string | null => {
  const { list } = next;
  if (list.phase !== 'ready' || list.order === previous.list.order) return null;
  if (previous.list.phase === 'loading-more')
    return `${list.order.length - previous.list.order.length} more auctions shown`;
  if (list.order.length === 0) return listEmptyText(list.query);
  return `${list.order.length} auctions shown${list.nextCursor === null ? '' : ', more to load'}`;
};

/**
 * The list page `/`: auctions with their live price and countdown, sorted, filtered and searched by
 * controls that the address carries (`/?sort=newest&q=leica&status=all`), a page at a time ("More").
 */
export const renderListPage = async (main: HTMLElement, feed: FeedClient): Promise<void> => {
  const navigate = (query: ListQuery, mode: HistoryMode): void => {
    const { list } = getState();
    if (sameListQuery(query, list.query) && list.phase !== 'failed') return;
    if (mode === 'push') history.pushState(null, '', addressOf(query));
    else history.replaceState(null, '', addressOf(query));
    void loadList(query);
  };
  const controls = createListControls(navigate);
  const cards = createListCards(feed);
  const failure = h('p', { class: 'error', role: 'alert' });
  const empty = h('p', { class: 'list-empty', testid: 'list-empty', hidden: true });
  const more = h('button', { type: 'button', testid: 'list-more', hidden: true }, 'More');
  more.addEventListener('click', () => void loadMore());
  const sell = h('section', { 'aria-labelledby': 'sell-heading' });
  const mine = h('section', { 'aria-labelledby': 'my-bids-heading', hidden: true });
  main.replaceChildren(
    h('h1', {}, 'Auctions'),
    controls.element,
    failure,
    cards.element,
    empty,
    h('p', { class: 'list-more' }, more),
    mine,
    sell,
  );

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

  const renderSell = (state: PageState): void => {
    if (state.viewer === null)
      sell.replaceChildren(
        h('h2', { id: 'sell-heading' }, 'Sell something'),
        h('p', {}, 'Sign in to list an item.'),
      );
    else
      sell.replaceChildren(
        h('h2', { id: 'sell-heading' }, 'Sell something'),
        createSellForm((auctionId) => {
          location.href = `/auctions/${encodeURIComponent(auctionId)}`;
        }),
      );
  };

  const renderList = (next: PageState, previous: PageState): void => {
    const { list } = next;
    if (list.order !== previous.list.order) cards.show(next);
    else cards.refresh(next);
    cards.element.setAttribute('aria-busy', String(list.phase === 'loading'));
    setText(failure, list.error ?? '');
    empty.hidden = list.phase !== 'ready' || list.order.length > 0;
    setText(empty, listEmptyText(list.query));
    const moreHadFocus = document.activeElement === more;
    more.hidden = list.nextCursor === null || list.phase === 'failed';
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus while the page loads.
    more.setAttribute('aria-disabled', String(list.phase !== 'ready'));
    setText(more, list.phase === 'loading-more' ? 'Loading…' : 'More');
    const heard = loadedAnnouncement(next, previous);
    if (heard !== null) announce(heard);
    // The last page came: the focus goes on to the first auction it brought, not to the page's top.
    if (moreHadFocus && more.hidden && previous.list.phase === 'loading-more') {
      const first = list.order[previous.list.order.length];
      if (first !== undefined) cards.link(first)?.focus();
    }
  };

  onStateChange((next, previous) => {
    renderList(next, previous);
    if (next.viewer !== previous.viewer) {
      renderSell(next);
      void renderMine(next);
    }
  });
  setInterval(() => cards.refresh(getState()), 250);
  renderSell(getState());
  void renderMine(getState());

  // Back and forward move between lists the reader chose.
  window.addEventListener('popstate', () => {
    const query = listQueryFromSearch(location.search);
    controls.show(query);
    if (!sameListQuery(query, getState().list.query) || getState().list.phase === 'failed')
      void loadList(query);
  });
  // The address in its plain form (`?status=open` is the default, so `/`); it shows what the list shows.
  const query = listQueryFromSearch(location.search);
  if (addressOf(query) !== `${location.pathname}${location.search}`)
    history.replaceState(null, '', addressOf(query));
  controls.show(query);
  await loadList(query);
};
