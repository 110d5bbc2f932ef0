import type { PageNotification } from './api';
import { announce, h, setText } from './dom';
import { notificationText } from './notificationText';
import { getState, onStateChange, type PageState } from './pageState';

/** How long a notification that came while the page was open stays highlighted. */
const HIGHLIGHT_MS = 6000;

const timeText = (at: number): string =>
  new Date(at).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });

/** One notification: its sentence, a link to its auction, and when it arose. */
const notificationItem = (notification: PageNotification): HTMLLIElement =>
  h(
    'li',
    { class: 'notification', 'data-kind': notification.kind },
    h(
      'a',
      { href: `/auctions/${encodeURIComponent(notification.auctionId)}` },
      notificationText(notification),
    ),
    ' ',
    h(
      'time',
      { class: 'muted', datetime: new Date(notification.at).toISOString() },
      timeText(notification.at),
    ),
  );

/**
 * The signed-in user's notifications, on every page (`data-testid="notifications"`, one item each,
 * newest first, each linking to its auction). Hidden while nobody is signed in. Those that come while
 * the page is open (live, or read again after a reconnect) are highlighted for a moment and announced.
 */
export const renderNotificationsPanel = (container: HTMLElement): void => {
  const list = h('ol', { class: 'notification-list', testid: 'notifications' });
  const empty = h('p', { class: 'muted notification-empty' });
  container.replaceChildren(h('h2', { id: 'notifications-heading' }, 'Notifications'), list, empty);
  /** The items shown, by notification id: an item is made once, so that its highlight survives a change. */
  const shown = new Map<string, HTMLLIElement>();

  const render = (next: PageState, previous: PageState | null): void => {
    const { items, loaded } = next.notifications;
    container.hidden = next.viewer === null;
    setText(empty, loaded && items.length === 0 ? 'No notifications yet.' : '');
    if (previous !== null && items === previous.notifications.items) return;
    const fresh: PageNotification[] = [];
    const kept = new Set(items.map((notification) => notification.id));
    for (const id of shown.keys()) if (!kept.has(id)) shown.delete(id);
    const elements = items.map((notification) => {
      const known = shown.get(notification.id);
      if (known !== undefined) return known;
      const item = notificationItem(notification);
      shown.set(notification.id, item);
      // New to the reader: it came after their stored list was read.
      if (previous?.notifications.loaded === true) {
        fresh.push(notification);
        item.classList.add('notification-new');
        setTimeout(() => item.classList.remove('notification-new'), HIGHLIGHT_MS);
      }
      return item;
    });
    list.replaceChildren(...elements);
    if (fresh.length > 0) announce(fresh.map(notificationText).join('. '));
  };

  onStateChange(render);
  render(getState(), null);
};
