import { api } from './api';
import { announceAuctionChanges } from './auctionAnnouncements';
import { createAuctionFacts } from './auctionFacts';
import { createAuctionHistory } from './auctionHistory';
import { createBidControls } from './bidControls';
import { h } from './dom';
import type { FeedClient } from './feedClient';
import { createOutcomeBox } from './outcomeBox';
import { detailLoaded, getState, onStateChange, type PageState } from './pageState';

/**
 * The auction page `/auctions/:id`: loads the auction, watches it on the feed, and shows its parts
 * (facts and countdown, outcome, bid controls, history), each drawn again from every new page state.
 */
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

  const facts = createAuctionFacts();
  const outcome = createOutcomeBox();
  const bidding = createBidControls(auctionId);
  const history = createAuctionHistory();
  main.replaceChildren(
    h('p', {}, h('a', { href: '/' }, '← All auctions')),
    ...facts.elements,
    outcome.element,
    bidding.element,
    history.element,
  );

  const render = (page: PageState): void => {
    const auction = page.auctions[auctionId];
    if (auction === undefined) return;
    const standing = page.standings[auctionId];
    /** The reader's masked id in this auction: where the page shows it, it says "you". */
    const ownId = standing?.bidderId;
    document.title = `${auction.title}: Gavel auction house`;
    facts.render(auction, standing, Date.now() + page.skewMs);
    outcome.render(auction.view, ownId);
    bidding.render(page);
    history.render(auction.history, auction.view.currency, ownId);
  };

  onStateChange((next, previous) => {
    render(next);
    announceAuctionChanges(auctionId, next, previous);
  });
  setInterval(() => {
    const page = getState();
    const auction = page.auctions[auctionId];
    if (auction !== undefined) facts.tick(auction, Date.now() + page.skewMs);
  }, 250);
  render(getState());
};
