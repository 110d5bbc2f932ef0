import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { maskBidderId } from '@gavel/core/node';
import { type WebSocket, WebSocketServer } from 'ws';
import { createAuctionWatches } from './feed/auctionWatches';
import { createConnectionCaps } from './feed/connectionCaps';
import { type FeedConnection, serveFeedConnection } from './feed/feedConnection';
import { type AuctionFeedError, logFeedError } from './feed/feedError';
import { type AuctionFeedOptions, assertFeedOptions, resolveFeedLimits } from './feed/feedOptions';
import { emptyFeedStats, type FeedStats } from './feed/feedStats';
import { feedUpgradeListener } from './feed/feedUpgrades';
import { createFlushQueue } from './feed/flushQueue';
import { followFromEnd } from './feed/followFromEnd';
import { createUserConnections } from './feed/userConnections';
import { FEED_CLOSE_CODES } from './protocol/closeCodes';
import type { FeedNotification } from './protocol/serverMessage';

/** A running live feed. */
export interface AuctionFeed {
  /**
   * Serves the feed on an existing `node:http` (or `https`) server: WebSocket upgrades at the feed's path
   * are taken (or refused with 503 or 429 past `limits.maxConnections` or `limits.maxConnectionsPerAddress`),
   * others are left to the server's other `upgrade` listeners. May be called for several servers; the caps
   * count the connections of all of them.
   */
  attach(server: Server): void;
  /** Closes every connection (code 1001), detaches from the servers and ends the store subscription. */
  close(): Promise<void>;
  /** Counters: connections, client addresses, refused upgrades, watched auctions, frames sent, … */
  stats(): FeedStats;
  /**
   * Sends a notification to the authenticated connections of its user (`notification.userId`, as
   * `authenticate` named them) on this instance, and to nobody else; answers how many connections it
   * reached (0 when that user has none here). The server calls it for each notification it learns of.
   */
  notify<TNotification extends FeedNotification>(notification: TNotification): number;
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
 * A malformed request (an auction id the engine would refuse included) is answered `INVALID_MESSAGE`; a
 * store failure is answered `UNAVAILABLE` and reported to `onError` (default: a line on stderr).
 *
 * @throws InvalidOptionsError for a bad option (its `path` names it)
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
  const onError = options.onError ?? logFeedError;
  const report = (error: AuctionFeedError): void => {
    try {
      onError(error);
    } catch {
      // A throwing logger must not stop the feed.
    }
  };
  const following = followFromEnd({
    store,
    ...(options.fromPosition === undefined ? {} : { fromPosition: options.fromPosition }),
    onEvent: (event) => watches.deliver(event),
    onError: (error) => {
      stats.storeErrors++;
      report(error);
    },
  });

  const watches = createAuctionWatches({
    store,
    mask: maskBidderId(options.secret),
    resumeWindow: limits.resumeWindow,
    maxIdleAuctions: limits.maxIdleAuctions,
    stats,
    onError: report,
    ready: following.started,
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const caps = createConnectionCaps({
    maxConnections: limits.maxConnections,
    maxConnectionsPerAddress: limits.maxConnectionsPerAddress,
    stats,
  });
  const connections = new Set<FeedConnection>();
  const detachers: (() => void)[] = [];
  const attached = new WeakSet<Server>();
  let closed = false;

  const flushQueue = createFlushQueue(limits.flushIntervalMs);
  const users = createUserConnections(options.authenticate, stats, report);
  wss.on('connection', (socket: WebSocket, request: IncomingMessage, raw: Duplex) => {
    const connection = serveFeedConnection(socket, raw, { watches, limits, stats, flushQueue, report });
    users.identify(connection, request);
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

  return {
    attach: (server) => {
      if (closed) throw new Error('createAuctionFeed: attach() after close()');
      if (attached.has(server)) return;
      attached.add(server);
      const onUpgrade = feedUpgradeListener(server, { path, wss, caps });
      server.on('upgrade', onUpgrade);
      detachers.push(() => server.off('upgrade', onUpgrade));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      flushQueue.close();
      for (const detach of detachers) detach();
      following.stop();
      watches.close();
      for (const connection of connections)
        connection.socket.close(FEED_CLOSE_CODES.GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await following.done;
    },
    stats: () => ({ ...stats }),
    notify: (notification) => (closed ? 0 : users.notify(notification)),
  };
};
