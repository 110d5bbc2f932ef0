import { beforeEach, describe, expect, it } from 'vitest';
import type { PageNotification } from './api';
import { MAX_NOTIFICATIONS, notificationReceived, notificationsLoaded } from './notificationsState';
import { getState, viewerChanged } from './pageState';

const outbid = (id: string, at: number, userId = 'u_alice'): PageNotification => ({
  id,
  kind: 'outbid',
  userId,
  auctionId: 'a_lot',
  version: at,
  at,
  currency: 'USD',
  title: 'Brass telescope',
  price: 1550,
  minimumNextBid: 1600,
});
const ids = () => getState().notifications.items.map((notification) => notification.id);
/** The page's state is one per module: each test starts signed out, with no notifications. */
beforeEach(() => viewerChanged(null));

describe('the notifications state (immer)', () => {
  it('merges the stored list and the live ones, each once, newest first; drops other users’', () => {
    viewerChanged({ userId: 'u_alice', name: 'Alice' });
    expect(getState().notifications).toEqual({ items: [], loaded: false });

    notificationReceived(outbid('n3', 30)); // live, before the stored list came
    notificationsLoaded('u_alice', [outbid('n3', 30), outbid('n2', 20), outbid('n1', 10)]);
    expect(ids()).toEqual(['n3', 'n2', 'n1']);
    expect(getState().notifications.loaded).toBe(true);

    const before = getState();
    notificationReceived(outbid('n4', 40));
    expect(ids()).toEqual(['n4', 'n3', 'n2', 'n1']);
    expect(before.notifications.items.map((n) => n.id)).toEqual(['n3', 'n2', 'n1']); // immutable
    expect(Object.isFrozen(getState().notifications.items)).toBe(true);

    // A reconnect reads the list again: nothing doubles, nothing changes.
    const reloaded = getState();
    notificationsLoaded('u_alice', [outbid('n4', 40), outbid('n3', 30)]);
    expect(getState()).toBe(reloaded);

    // Another user's frame, or an answer for a user no longer signed in, is dropped.
    notificationReceived(outbid('x1', 50, 'u_bob'));
    notificationsLoaded('u_bob', [outbid('x2', 60, 'u_bob')]);
    expect(ids()).toEqual(['n4', 'n3', 'n2', 'n1']);
  });

  it('keeps at most MAX_NOTIFICATIONS', () => {
    viewerChanged({ userId: 'u_alice', name: 'Alice' });
    notificationsLoaded(
      'u_alice',
      Array.from({ length: MAX_NOTIFICATIONS + 10 }, (_, i) => outbid(`m${i}`, 1000 + i)),
    );
    expect(getState().notifications.items).toHaveLength(MAX_NOTIFICATIONS);
    expect(ids()[0]).toBe(`m${MAX_NOTIFICATIONS + 9}`);
  });

  it('empties the list on a sign-out and when another user signs in, not on a repeated sign-in', () => {
    viewerChanged({ userId: 'u_alice', name: 'Alice' });
    notificationsLoaded('u_alice', [outbid('n1', 10)]);
    viewerChanged({ userId: 'u_alice', name: 'Alice' });
    expect(ids()).toContain('n1');
    viewerChanged(null);
    expect(getState().notifications).toEqual({ items: [], loaded: false });
    notificationReceived(outbid('n2', 20)); // a frame of the old connection, after the sign-out
    expect(ids()).toEqual([]);
    viewerChanged({ userId: 'u_alice', name: 'Alice' });
    notificationsLoaded('u_alice', [outbid('n1', 10)]);
    viewerChanged({ userId: 'u_bob', name: 'Bob' });
    expect(getState().notifications).toEqual({ items: [], loaded: false });
  });
});
