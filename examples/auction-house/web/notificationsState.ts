import { castDraft } from 'immer';
import type { PageNotification } from './api';
import { mergeNotifications } from './mergeNotifications';
import { getState, updateState } from './pageState';

/** The most notifications the page keeps and asks for (the oldest are dropped). */
export const MAX_NOTIFICATIONS = 50;

/** The signed-in user's notifications (emptied when someone else signs in, or nobody). */
export interface NotificationsState {
  /** Newest first, each id once, at most {@link MAX_NOTIFICATIONS}. */
  readonly items: readonly PageNotification[];
  /** True once the user's stored list was read: what comes after it is new to the reader. */
  readonly loaded: boolean;
}

const add = (userId: string, incoming: readonly PageNotification[], loaded: boolean): void => {
  const { viewer, notifications } = getState();
  // An answer or a frame for a user who is no longer the one signed in is dropped.
  if (viewer === null || viewer.userId !== userId) return;
  const own = incoming.filter((notification) => notification.userId === userId);
  const items = mergeNotifications(notifications.items, own, MAX_NOTIFICATIONS);
  updateState((draft) => {
    draft.notifications.items = castDraft(items);
    if (loaded) draft.notifications.loaded = true;
  });
};

/**
 * `GET /api/me/notifications` answered for `userId`: its list is merged with what the page holds (a
 * notification already received live is not doubled; one that came live after the answer was made is
 * kept).
 */
export const notificationsLoaded = (userId: string, notifications: readonly PageNotification[]): void =>
  add(userId, notifications, true);

/** A `notification` frame of the feed: added at the top, unless the page holds it already. */
export const notificationReceived = (notification: PageNotification): void =>
  add(notification.userId, [notification], false);
