import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { createAuctionWatches } from './feed/auctionWatches';
import { type FeedConnection, serveFeedConnection } from './feed/feedConnection';
import { type AuctionFeedOptions, assertFeedOptions, resolveFeedLimits } from './feed/feedOptions';
import { emptyFeedStats, type FeedStats } from './feed/feedStats';
import { createFlushQueue } from './feed/flushQueue';
import { followStore } from './feed/followStore';
import { maskBidderId } from './maskBidderId';
import { FEED_CLOSE_CODES } from './protocol/closeCodes';

/** A running live feed. */
export interface AuctionFeed {
  /**
   * Serves the feed on an existing `node:http` (or `https`) server: WebSocket upgrades at the feed's path
   * are taken, others are left to the server's other `upgrade` listeners. May be called for several servers.
   */
  attach(server: Server): void;
  /** Closes every connection (code 1001), detaches from the servers and ends the store subscription. */
  close(): Promise<void>;
  /** Counters: connections, watched auctions, frames sent, slow consumers closed, … */
  stats(): FeedStats;
}

/**
 * The live public feed of auctions over WebSocket (feed protocol, version 1; see docs/realtime.md).
 * Read-only: clients subscribe to auctions and receive a `snapshot`, then one `change` per stream version
 * that changes the public view. Bidder ids are masked with `maskBidderId(secret)`; no maximum above the
 * price and no reserve amount is ever sent.
 *
 * The feed subscribes to the store once, so it learns of bids taken by any instance; it keeps each
 * watched auction's public state, serializes each change once and sends the same bytes to every watcher.
 *
 * @throws TypeError for a bad option (naming it)
 *
 * @example
 * const server = http.createServer(app);
 * const feed = createAuctionFeed({ store, secret: process.env.GAVEL_SECRET });
 * feed.attach(server);
 * server.listen(3000);
 */
export const createAuctionFeed = (options: AuctionFeedOptions): AuctionFeed => {
  assertFeedOptions(options);
  const { store } = options;
  const path = options.path ?? '/feed';
  const limits = resolveFeedLimits(options.limits);
  const stats = emptyFeedStats();
  const onError = (error: unknown): void => {
    stats.storeErrors++;
    options.onError?.(error);
  };
  const watches = createAuctionWatches({
    store,
    mask: maskBidderId(options.secret),
    resumeWindow: limits.resumeWindow,
    maxIdleAuctions: limits.maxIdleAuctions,
    stats,
    onError: (error) => options.onError?.(error),
  });

  const abort = new AbortController();
  const following = followStore({
    store,
    fromPosition: options.fromPosition ?? 0n,
    onEvent: watches.deliver,
    onError,
    signal: abort.signal,
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const connections = new Set<FeedConnection>();
  const detachers: (() => void)[] = [];
  const attached = new WeakSet<Server>();
  let closed = false;

  const flushQueue = createFlushQueue(limits.flushIntervalMs);
  wss.on('connection', (socket: WebSocket, _request: IncomingMessage, raw: Duplex) => {
    const connection = serveFeedConnection(socket, raw, { watches, limits, stats, flushQueue });
    connections.add(connection);
    stats.connections = connections.size;
    socket.on('close', () => {
      connections.delete(connection);
      stats.connections = connections.size;
    });
  });

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        stats.deadConnectionsDropped++;
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, limits.heartbeatIntervalMs);
  heartbeat.unref();

  const pathOf = (request: IncomingMessage): string => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    return query === -1 ? url : url.slice(0, query);
  };

  return {
    attach: (server) => {
      if (closed) throw new Error('createAuctionFeed: attach() after close()');
      if (attached.has(server)) return;
      attached.add(server);
      const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
        if (pathOf(request) !== path) {
          // Nobody else listens: answer rather than leave the socket hanging.
          if (server.listenerCount('upgrade') === 1)
            socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, socket));
      };
      server.on('upgrade', onUpgrade);
      detachers.push(() => server.off('upgrade', onUpgrade));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      flushQueue.close();
      for (const detach of detachers) detach();
      abort.abort();
      watches.close();
      for (const connection of connections)
        connection.socket.close(FEED_CLOSE_CODES.GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await following;
    },
    stats: () => ({ ...stats }),
  };
};
