import type { PublicHistoryEntry, PublicView } from '@gavel/core';

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
  readonly onMessage: (message: FeedMessage) => void;
  readonly onStatus: (status: FeedStatus) => void;
  /** Default: `/feed` on this page's host, `ws:` or `wss:` as the page. */
  readonly url?: string;
}

/** A feed connection that reconnects by itself and resumes each auction after the last version it saw. */
export interface FeedClient {
  watch(auctionId: string): void;
  unwatch(auctionId: string): void;
}

const MAX_BACKOFF_MS = 5000;

/**
 * Opens the live feed. On a drop it reconnects with backoff (250 ms doubling to 5 s) and subscribes
 * again to every watched auction with `afterVersion`, so that it receives exactly the changes it
 * missed (or a fresh snapshot). Changes at or below a version already seen are dropped.
 */
export const createFeedClient = (options: FeedClientOptions): FeedClient => {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/feed`;
  /** Watched auctions → the last version seen (0 before the first snapshot). */
  const watched = new Map<string, number>();
  let socket: WebSocket | null = null;
  let backoff = 250;

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
    let message: FeedMessage;
    try {
      message = JSON.parse(String(event.data)) as FeedMessage;
    } catch {
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
    opened.addEventListener('message', receive);
    opened.addEventListener('close', () => {
      if (socket !== opened) return;
      socket = null;
      options.onStatus('offline');
      setTimeout(connect, backoff);
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
  };
};
