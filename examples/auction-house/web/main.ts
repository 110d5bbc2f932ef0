/**
 * The auction house's page: `/` lists auctions, `/auctions/:id` is an auction's page. Plain DOM, state
 * through immer, live updates through the feed (`/feed`). Every page shows the signed-in user's
 * notifications.
 */

import { renderAccountBar } from './accountBar';
import { api } from './api';
import { renderAuctionPage } from './auctionPage';
import { createFeedClient, type FeedStatus } from './feedClient';
import { renderListPage } from './listPage';
import { loadNotifications } from './loadNotifications';
import { renderNotificationsPanel } from './notificationsPanel';
import { notificationReceived } from './notificationsState';
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
  const notifications = document.getElementById('notifications-panel') as HTMLElement;
  const who = await api.whoAmI();
  viewerChanged(who.ok ? who.value : null);
  // The feed opens once the user is known. Each time a connection opens (the first, one after a drop,
  // one after a sign-in), the user's notifications are read: those that arose while no connection
  // carried them. From then on they come live on that connection.
  const feed = createFeedClient({
    onMessage: feedMessage,
    onNotification: notificationReceived,
    onStatus: (status: FeedStatus) => {
      connectionChanged(status);
      if (status === 'live') void loadNotifications();
    },
  });
  renderAccountBar(account);
  renderNotificationsPanel(notifications);
  connection.textContent = CONNECTION_TEXT[getState().connection];
  const match = /^\/auctions\/([^/]+)$/.exec(location.pathname);
  const auctionId = match?.[1] === undefined ? null : decodeURIComponent(match[1]);
  onStateChange((next, previous) => {
    if (next.connection !== previous.connection) connection.textContent = CONNECTION_TEXT[next.connection];
    if (next.viewer !== previous.viewer) {
      renderAccountBar(account);
      // The feed learns who is signed in when a connection opens: a new user needs a new connection.
      if (next.viewer?.userId !== previous.viewer?.userId) feed.reconnect();
      // Signing in changes the user's standing on this auction: read it again from the API.
      if (auctionId !== null)
        void api.auction(auctionId).then((result) => result.ok && detailLoaded(result.value));
    }
  });
  if (auctionId === null) await renderListPage(main, feed);
  else await renderAuctionPage(main, auctionId, feed);
};

void start();
