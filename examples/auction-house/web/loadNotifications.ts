import { api } from './api';
import { MAX_NOTIFICATIONS, notificationsLoaded } from './notificationsState';
import { getState } from './pageState';

/**
 * Reads the signed-in user's notifications (`GET /api/me/notifications`) into the page's state, merged
 * with those it holds. Nothing when nobody is signed in; an answer that comes after a sign-out or a
 * change of user is dropped.
 */
export const loadNotifications = async (): Promise<void> => {
  const viewer = getState().viewer;
  if (viewer === null) return;
  const answer = await api.myNotifications(MAX_NOTIFICATIONS);
  if (answer.ok) notificationsLoaded(viewer.userId, answer.value.notifications);
};
