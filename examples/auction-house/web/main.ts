/**
 * The auction house's page: `/` lists auctions, `/auctions/:id` is an auction's page. Plain DOM, state
 * through immer, live updates through the feed (`/feed`).
 */

import { renderAccountBar } from './accountBar';
import { api } from './api';
import { renderAuctionPage } from './auctionPage';
import { createFeedClient } from './feedClient';
import { renderListPage } from './listPage';
import {
  connectionChanged,
  detailLoaded,
  feedMessage,
  getState,
  onStateChange,
  viewerChanged,
} from './pageState';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline: reconnecting…',
} as const;

const start = async (): Promise<void> => {
  const main = document.getElementById('main') as HTMLElement;
  const account = document.getElementById('account') as HTMLElement;
  const connection = document.getElementById('connection') as HTMLElement;
  const feed = createFeedClient({ onMessage: feedMessage, onStatus: connectionChanged });
  const who = await api.whoAmI();
  viewerChanged(who.ok ? who.value : null);
  renderAccountBar(account);
  connection.textContent = CONNECTION_TEXT[getState().connection];
  const match = /^\/auctions\/([^/]+)$/.exec(location.pathname);
  const auctionId = match?.[1] === undefined ? null : decodeURIComponent(match[1]);
  onStateChange((next, previous) => {
    if (next.connection !== previous.connection) connection.textContent = CONNECTION_TEXT[next.connection];
    if (next.viewer !== previous.viewer) {
      renderAccountBar(account);
      // Signing in changes the user's standing on this auction: read it again from the API.
      if (auctionId !== null)
        void api.auction(auctionId).then((result) => result.ok && detailLoaded(result.value));
    }
  });
  if (auctionId === null) await renderListPage(main, feed);
  else await renderAuctionPage(main, auctionId, feed);
};

void start();
