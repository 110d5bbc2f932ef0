import type { AuctionNotification } from '@gavel/core';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../readModels/catalog/catalogDatabase';

/** Options of {@link followNotifications}. */
export interface FollowNotificationsOptions {
  readonly database: Pick<CatalogDatabase<unknown>, 'notificationsAfter' | 'lastNotificationSeq'>;
  /** Called once for each notification kept from now on (the feed's `notify`). */
  readonly deliver: (notification: AuctionNotification) => void;
  readonly logger: Logger;
  /** How often the table is read. Default 100 ms. */
  readonly intervalMs?: number;
}

/**
 * Sequence numbers may commit out of order (PostgreSQL: two transactions take 7 and 8, and 8 commits
 * first), so each read goes back this far behind the last number seen, and ids already delivered are
 * skipped: a late commit is still delivered, once.
 */
const LOOKBACK = 1_000;

/**
 * Delivers live the notifications the catalog's processor keeps: every instance reads the
 * notifications table from where it stood at start and hands each new notification to `deliver` (the
 * feed sends it to that user's connections on this instance, if any). Returns a function that stops it.
 */
export const followNotifications = (options: FollowNotificationsOptions): (() => Promise<void>) => {
  const { database, deliver, logger } = options;
  const intervalMs = options.intervalMs ?? 100;
  const delivered = new Set<string>();
  let highest = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const remember = (id: string): void => {
    delivered.add(id);
    if (delivered.size > 4 * LOOKBACK) delivered.delete(delivered.values().next().value as string);
  };

  /** Where this instance started: what was kept before is not pushed live (the page reads it). */
  let startSeq = 0;

  const poll = async (): Promise<void> => {
    let cursor = Math.max(startSeq, highest - LOOKBACK);
    for (;;) {
      const page = await database.notificationsAfter(cursor, LOOKBACK);
      for (const { seq, notification } of page) {
        cursor = seq;
        if (seq > highest) highest = seq;
        if (delivered.has(notification.id)) continue;
        remember(notification.id);
        try {
          deliver(notification);
        } catch (error) {
          logger.warn({ err: error }, 'delivering a notification failed');
        }
      }
      if (page.length < LOOKBACK) return;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll()
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'reading the notifications failed; trying again'),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  // The first read marks where this instance starts: what was kept before it is not pushed live.
  running = database
    .lastNotificationSeq()
    .then((seq) => {
      startSeq = seq;
      highest = seq;
    })
    .catch(() => {})
    .finally(schedule);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
};
