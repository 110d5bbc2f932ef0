import type { PublicHistoryEntry, PublicView } from '@gavel/core';
import type { PageNotification } from './api';

/** A message of the live feed (protocol version 1). */
export type FeedMessage =
  | {
      readonly type: 'snapshot';
      readonly auctionId: string;
      readonly version: number;
      readonly view: PublicView;
      readonly history: readonly PublicHistoryEntry[];
    }
  | {
      readonly type: 'change';
      readonly auctionId: string;
      readonly version: number;
      readonly view: PublicView;
      readonly entry?: PublicHistoryEntry;
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

/** Where the connection stands. */
export type FeedStatus = 'connecting' | 'live' | 'offline';

/** Options of {@link createFeedClient}. */
export interface FeedClientOptions {
  /** The messages of watched auctions (and errors). */
  readonly onMessage: (message: FeedMessage) => void;
  /**
   * Each `notification` frame: the signed-in user's own notifications, which a connection opened with the
   * session cookie receives whatever it watches.
   */
  readonly onNotification?: (notification: PageNotification) => void;
  /** `live` each time a connection opens (the first one, and each one after a drop or a `reconnect`). */
  readonly onStatus: (status: FeedStatus) => void;
  /** Default: `/feed` on this page's host, `ws:` or `wss:` as the page. */
  readonly url?: string;
}

/** A feed connection that reconnects by itself and resumes each auction after the last version it saw. */
export interface FeedClient {
  watch(auctionId: string): void;
  unwatch(auctionId: string): void;
  /**
   * Closes the connection and opens a new one at once (resuming every watched auction): after a sign-in
   * or a sign-out, so that the connection carries the new session cookie (the feed learns who is
   * signed in when a connection opens).
   */
  reconnect(): void;
}

const MAX_BACKOFF_MS = 5000;

/** A `notification` frame's notification, when it has the fields the page reads. */
const notificationOf = (frame: { readonly notification?: unknown }): PageNotification | null => {
  const notification = frame.notification as Partial<PageNotification> | null | undefined;
  return typeof notification === 'object' &&
    notification !== null &&
    typeof notification.id === 'string' &&
    typeof notification.kind === 'string' &&
    typeof notification.userId === 'string' &&
    typeof notification.auctionId === 'string' &&
    typeof notification.at === 'number' &&
    typeof notification.version === 'number' &&
    typeof notification.currency === 'string'
    ? (notification as PageNotification)
    : null;
};

/**
 * Opens the live feed at once, whether or not the page watches an auction: a connection with the
 * session cookie receives the user's notifications without subscribing to anything. On a drop it
 * reconnects with backoff (250 ms doubling to 5 s) and subscribes again to every watched auction with
 * `afterVersion`, so that it receives exactly the changes it missed (or a fresh snapshot). Changes at or
 * below a version already seen are dropped. Notifications that arose while it was down are not sent
 * again: the page reads them from the API when the connection is `live` again.
 */
export const createFeedClient = (options: FeedClientOptions): FeedClient => {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/feed`;
  /** Watched auctions → the last version seen (0 before the first snapshot). */
  const watched = new Map<string, number>();
  let socket: WebSocket | null = null;
  let backoff = 250;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const send = (message: unknown): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const subscribe = (auctionId: string): void => {
    const version = watched.get(auctionId) ?? 0;
    send(
      version > 0
        ? { type: 'subscribe', auctionId, afterVersion: version }
        : { type: 'subscribe', auctionId },
    );
  };

  const receive = (event: MessageEvent): void => {
    let message: FeedMessage | { readonly type: 'notification'; readonly notification?: unknown };
    try {
      message = JSON.parse(String(event.data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'notification') {
      const notification = notificationOf(message);
      if (notification !== null) options.onNotification?.(notification);
      return;
    }
    if (message.type !== 'error') {
      const seen = watched.get(message.auctionId);
      if (seen === undefined) return; // no longer watched
      if (message.type === 'change' && message.version <= seen) return; // already seen
      watched.set(message.auctionId, message.version);
    }
    options.onMessage(message);
  };

  const connect = (): void => {
    options.onStatus('connecting');
    const opened = new WebSocket(url);
    socket = opened;
    opened.addEventListener('open', () => {
      backoff = 250;
      options.onStatus('live');
      for (const auctionId of watched.keys()) subscribe(auctionId);
    });
    opened.addEventListener('message', (event) => {
      if (socket === opened) receive(event); // not a frame of a connection replaced by `reconnect`
    });
    opened.addEventListener('close', () => {
      if (socket !== opened) return;
      socket = null;
      options.onStatus('offline');
      retry = setTimeout(connect, backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    });
  };
  connect();

  return {
    watch: (auctionId) => {
      if (watched.has(auctionId)) return;
      watched.set(auctionId, 0);
      subscribe(auctionId);
    },
    unwatch: (auctionId) => {
      if (watched.delete(auctionId)) send({ type: 'unsubscribe', auctionId });
    },
    reconnect: () => {
      const previous = socket;
      socket = null; // its close is no longer this client's concern: no retry follows it
      previous?.close();
      clearTimeout(retry);
      connect();
    },
  };
};
