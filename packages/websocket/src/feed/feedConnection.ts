import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { parseClientMessage } from '../protocol/clientMessage';
import { FEED_CLOSE_CODES } from '../protocol/closeCodes';
import { encodeServerMessage, type FeedErrorCode } from '../protocol/serverMessage';
import type { AuctionWatches, WatchOutcome } from './auctionWatches';
import { type AuctionFeedError, causeText } from './feedError';
import type { ResolvedFeedLimits } from './feedOptions';
import type { FeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';
import type { FlushQueue } from './flushQueue';

/** What a connection needs from its feed. */
export interface FeedConnectionContext {
  readonly watches: AuctionWatches;
  readonly limits: ResolvedFeedLimits;
  readonly stats: FeedStats;
  readonly flushQueue: FlushQueue;
  /** The feed's `onError`, never throwing. */
  readonly report: (error: AuctionFeedError) => void;
}

/** One client connection: its subscriptions, its heartbeat state and its bounded send path. */
export interface FeedConnection {
  /** True when the client answered the last ping (or none was sent yet). */
  alive: boolean;
  readonly socket: WebSocket;
  /** Sends a frame on this connection (bounded like every frame: a slow consumer is cut off). */
  readonly send: (frame: Buffer) => void;
}

/** How long a slow consumer's close handshake may take before its socket is destroyed. */
const SLOW_CLOSE_GRACE_MS = 1_000;

/** Serves the feed protocol on one accepted WebSocket. */
export const serveFeedConnection = (
  socket: WebSocket,
  raw: Duplex,
  context: FeedConnectionContext,
): FeedConnection => {
  const { watches, limits, stats, flushQueue, report } = context;
  const subscriptions = new Map<string, FeedSubscription>();
  const connection: FeedConnection = { alive: true, socket, send: (frame) => send(frame) };

  const cutOff = (): void => {
    stats.slowConsumersClosed++;
    socket.close(FEED_CLOSE_CODES.SLOW_CONSUMER, 'slow consumer: send buffer full');
    // A client that never reads never reads the close frame either.
    setTimeout(() => socket.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  };

  // Frames wait in the outbox until the feed's next flush, then leave in one corked write.
  let outbox: Buffer[] = [];
  let outboxBytes = 0;
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const frames = outbox;
    outbox = [];
    outboxBytes = 0;
    if (socket.readyState !== WebSocket.OPEN) return;
    raw.cork();
    for (const frame of frames) socket.send(frame, { binary: false });
    raw.uncork();
  };

  // A snapshot of a long history may alone be larger than the bound: the bound grows to twice the
  // largest frame queued, so that such a snapshot and the changes behind it are not taken for slowness.
  let bound = limits.maxBufferedBytes;
  const send = (frame: Buffer): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (2 * frame.length > bound) bound = 2 * frame.length;
    if (socket.bufferedAmount + outboxBytes + frame.length > bound) {
      outbox = [];
      outboxBytes = 0;
      cutOff();
      return;
    }
    stats.framesSent++;
    stats.bytesSent += frame.length;
    outbox.push(frame);
    outboxBytes += frame.length;
    if (!scheduled) {
      scheduled = true;
      flushQueue.schedule(flush);
    }
  };

  const sendError = (
    code: FeedErrorCode,
    message: string,
    extra: { auctionId?: string; field?: string } = {},
  ) => {
    stats.errorsSent++;
    send(encodeServerMessage({ type: 'error', code, message, ...extra }));
  };

  const subscribe = (auctionId: string, afterVersion: number | undefined): void => {
    const previous = subscriptions.get(auctionId);
    if (previous === undefined && subscriptions.size >= limits.maxSubscriptionsPerClient) {
      sendError(
        'TOO_MANY_SUBSCRIPTIONS',
        `a connection may watch at most ${limits.maxSubscriptionsPerClient} auctions`,
        { auctionId },
      );
      return;
    }
    if (previous !== undefined) watches.unsubscribe(previous);
    const subscription: FeedSubscription = { auctionId, cursor: 0, active: true, send };
    subscriptions.set(auctionId, subscription);
    const answered = watches.subscribe(subscription, afterVersion).catch((error: unknown): WatchOutcome => {
      report({
        code: 'SUBSCRIBE_FAILED',
        message: `serving a subscribe to '${auctionId}' failed (${causeText(error)}); answered UNAVAILABLE`,
        auctionId,
        cause: error,
      });
      return 'unavailable';
    });
    void answered.then((outcome) => {
      if (outcome === 'ok' || outcome === 'cancelled') return;
      if (subscriptions.get(auctionId) === subscription) subscriptions.delete(auctionId);
      subscription.active = false;
      if (outcome === 'not-found') sendError('AUCTION_NOT_FOUND', `no auction '${auctionId}'`, { auctionId });
      // The store refused the id as malformed: the client's error, and the id is not repeated.
      else if (outcome === 'invalid')
        sendError('INVALID_MESSAGE', 'auctionId: the event store refuses this auction id', {
          field: 'auctionId',
        });
      else
        sendError('UNAVAILABLE', 'the event store could not be read; subscribe again later', { auctionId });
    });
  };

  socket.on('message', (data, isBinary) => {
    const parsed = parseClientMessage(data, isBinary);
    if (!parsed.ok)
      return sendError(
        'INVALID_MESSAGE',
        parsed.message,
        parsed.field === undefined ? {} : { field: parsed.field },
      );
    const message = parsed.message;
    if (message.type === 'subscribe') return subscribe(message.auctionId, message.afterVersion);
    const subscription = subscriptions.get(message.auctionId);
    if (subscription === undefined) return;
    subscriptions.delete(message.auctionId);
    watches.unsubscribe(subscription);
  });
  socket.on('pong', () => {
    connection.alive = true;
  });
  // ws reports protocol errors (e.g. a frame over maxPayload, closed with 1009) here; never crash on them.
  socket.on('error', () => {});
  socket.on('close', () => {
    for (const subscription of subscriptions.values()) watches.unsubscribe(subscription);
    subscriptions.clear();
  });
  return connection;
};
