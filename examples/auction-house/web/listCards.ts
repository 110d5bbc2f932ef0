import { cardPriceText } from './cardPriceText';
import { countdownText } from './countdown';
import { h, setText } from './dom';
import type { FeedClient } from './feedClient';
import type { LiveAuction, PageState } from './pageState';
import { watchPlan } from './watchPlan';

/** The most auctions the list watches live (the feed bounds how many one connection may watch). */
const MAX_WATCHED = 50;

/** How far outside the window a card counts as on screen, so that it is live before it scrolls in. */
const NEAR_SCREEN = '300px';

/** One card's parts that change. */
interface Card {
  readonly card: HTMLLIElement;
  readonly link: HTMLAnchorElement;
  readonly price: HTMLElement;
  readonly countdown: HTMLElement;
  readonly status: HTMLElement;
}

/** The cards of the listed auctions (`auction-card`), each followed live through the feed. */
export interface ListCards {
  readonly element: HTMLUListElement;
  /** Shows the cards of `state.list.order`, in that order, and follows them on the feed. */
  readonly show: (state: PageState) => void;
  /** Updates the prices, countdowns and bid counts. */
  readonly refresh: (state: PageState) => void;
  /** The title link of a listed auction's card (to move the focus to it). */
  readonly link: (auctionId: string) => HTMLAnchorElement | undefined;
}

const statusText = ({ view }: LiveAuction): string => {
  if (view.status === 'closed') return view.outcome?.outcome === 'sold' ? 'Sold' : 'Closed, unsold';
  if (view.status === 'cancelled') return 'Cancelled';
  return `${view.bidCount} ${view.bidCount === 1 ? 'bid' : 'bids'}`;
};

const createCard = (auction: LiveAuction): Card => {
  const price = h('p', { class: 'price', testid: 'card-price' });
  const countdown = h('span', { testid: 'card-countdown' });
  const status = h('span', { class: 'muted' });
  const link = h('a', { href: `/auctions/${encodeURIComponent(auction.auctionId)}` }, auction.title);
  const card = h(
    'li',
    { class: 'card', testid: 'auction-card', 'data-auction-id': auction.auctionId },
    h('h3', { testid: 'card-title' }, link),
    price,
    h('p', {}, 'Time left: ', countdown, ' · ', status),
  );
  return { card, link, price, countdown, status };
};

/**
 * Creates the list of cards. The feed follows the cards on or near the screen first, then the rest in
 * list order, at most {@link MAX_WATCHED} (see {@link watchPlan}); a card scrolled to later is followed
 * from a fresh snapshot.
 */
export const createListCards = (feed: FeedClient): ListCards => {
  const element = h('ul', { class: 'auctions', testid: 'auction-list' });
  const cards = new Map<string, Card>();
  const context = { listed: [] as readonly string[], visible: new Set<string>(), watched: new Set<string>() };

  const follow = (): void => {
    const plan = watchPlan(context.listed, context.visible, context.watched, MAX_WATCHED);
    for (const auctionId of plan.unwatch) {
      feed.unwatch(auctionId);
      context.watched.delete(auctionId);
    }
    for (const auctionId of plan.watch) {
      feed.watch(auctionId);
      context.watched.add(auctionId);
    }
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const auctionId = (entry.target as HTMLElement).dataset.auctionId;
        if (auctionId === undefined) continue;
        if (entry.isIntersecting) context.visible.add(auctionId);
        else context.visible.delete(auctionId);
      }
      follow();
    },
    { rootMargin: NEAR_SCREEN },
  );

  const refresh = (state: PageState): void => {
    const now = Date.now() + state.skewMs;
    for (const [auctionId, parts] of cards) {
      const auction = state.auctions[auctionId];
      if (auction === undefined) continue;
      const { view } = auction;
      setText(parts.price, cardPriceText(view));
      setText(parts.countdown, countdownText(view, now));
      setText(parts.status, statusText(auction));
    }
  };

  const show = (state: PageState): void => {
    const listed = state.list.order.filter((auctionId) => state.auctions[auctionId] !== undefined);
    const kept = new Set(listed);
    for (const [auctionId, parts] of cards) {
      if (kept.has(auctionId)) continue;
      observer.unobserve(parts.card);
      context.visible.delete(auctionId);
      cards.delete(auctionId);
    }
    const nodes = listed.map((auctionId) => {
      let parts = cards.get(auctionId);
      if (parts === undefined) {
        parts = createCard(state.auctions[auctionId] as LiveAuction);
        cards.set(auctionId, parts);
        observer.observe(parts.card);
      }
      return parts.card;
    });
    // A further page only appends (the focus and scroll position stay); anything else redraws.
    const shown = [...element.children];
    if (shown.length <= nodes.length && shown.every((node, index) => node === nodes[index]))
      element.append(...nodes.slice(shown.length));
    else element.replaceChildren(...nodes);
    context.listed = listed;
    refresh(state);
    follow();
  };

  return { element, show, refresh, link: (auctionId) => cards.get(auctionId)?.link };
};
