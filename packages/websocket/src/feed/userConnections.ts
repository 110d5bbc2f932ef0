import type { IncomingMessage } from 'node:http';
import { encodeServerMessage, type FeedNotification } from '../protocol/serverMessage';
import type { FeedConnection } from './feedConnection';
import { type AuctionFeedError, causeText } from './feedError';
import type { FeedStats } from './feedStats';

/** The authenticated connections of a feed, by user: where each user's notifications go. */
export interface UserConnections {
  /** Asks `authenticate` who opened `connection` and, for a known user, files it under them until it closes. */
  identify(connection: FeedConnection, request: IncomingMessage): void;
  /** Sends a notification to its user's connections; answers how many it reached. */
  notify(notification: FeedNotification): number;
}

/** Creates the index of user connections over the feed's `authenticate` option. */
export const createUserConnections = (
  authenticate: ((request: IncomingMessage) => string | null | Promise<string | null>) | undefined,
  stats: FeedStats,
  report: (error: AuctionFeedError) => void,
): UserConnections => {
  const byUser = new Map<string, Set<FeedConnection>>();
  const file = (userId: string, connection: FeedConnection): void => {
    const own = byUser.get(userId) ?? new Set<FeedConnection>();
    own.add(connection);
    byUser.set(userId, own);
    connection.socket.once('close', () => {
      own.delete(connection);
      if (own.size === 0 && byUser.get(userId) === own) byUser.delete(userId);
    });
  };
  return {
    identify: (connection, request) => {
      if (authenticate === undefined) return;
      Promise.resolve()
        .then(() => authenticate(request))
        .then(
          (userId) => {
            if (typeof userId === 'string' && userId.length > 0 && connection.socket.readyState === 1)
              file(userId, connection);
          },
          (error: unknown) =>
            report({
              code: 'AUTHENTICATE_FAILED',
              message: `authenticate threw (${causeText(error)}); the connection stays anonymous`,
              cause: error,
            }),
        );
    },
    notify: (notification) => {
      const own = byUser.get(notification.userId);
      if (own === undefined || own.size === 0) return 0;
      const frame = encodeServerMessage({ type: 'notification', notification });
      for (const connection of own) connection.send(frame);
      stats.notificationsSent += own.size;
      return own.size;
    },
  };
};
