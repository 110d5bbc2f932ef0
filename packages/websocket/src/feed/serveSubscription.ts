import type { FeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';
import type { Watch } from './watch';

/**
 * Brings a new subscriber up to the watch's version: the changes after `afterVersion` when the watch
 * still holds them, else a snapshot.
 */
export const serveSubscription = (
  watch: Watch,
  subscription: FeedSubscription,
  afterVersion: number | undefined,
  stats: FeedStats,
): void => {
  const auction = watch.auction;
  const version = auction.version();
  const frames =
    afterVersion === undefined || afterVersion > version ? null : auction.framesAfter(afterVersion);
  if (frames === null) {
    stats.snapshotsSent++;
    subscription.send(auction.snapshotFrame());
  } else for (const frame of frames) subscription.send(frame);
  subscription.cursor = version;
};
