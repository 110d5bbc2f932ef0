import type { AuctionNotification } from '@gavel/core';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../readModels/catalog/catalogDatabase';

/**
 * Where notifications go by e-mail: plug a real mailer in here. `send` resolves once the message is
 * accepted for delivery; if it throws, the notification stays in the outbox and is tried again. It may
 * be called again for a notification it already sent (after a crash between sending and marking it
 * mailed): use `notification.id` as the message's idempotency key where the mail service has one.
 */
export interface NotificationMailer {
  send(notification: AuctionNotification): Promise<void>;
}

/** The development mailer: writes each message to the log instead of mailing it. */
export const logMailer = (logger: Logger): NotificationMailer => ({
  send: async (notification) => {
    logger.info(
      { notification },
      `mail to ${notification.userId}: ${notification.kind} on ${notification.auctionId}`,
    );
  },
});

/** Options of {@link startOutboxMailer}. */
export interface OutboxMailerOptions {
  readonly database: Pick<CatalogDatabase<unknown>, 'unmailed' | 'markMailed'>;
  readonly mailer: NotificationMailer;
  readonly logger: Logger;
  readonly clock: () => number;
  /** How often the outbox is read. Default 1 000 ms. */
  readonly intervalMs?: number;
}

/**
 * Mails the outbox: the catalog's processor puts each notification in `notification_outbox` once (by
 * its id, in the transaction that keeps it, so a redelivered batch adds nothing); this loop hands each
 * unmailed one to the mailer and marks it mailed. Several instances may run it: a notification may then
 * be handed to the mailer twice, never lost. Returns a function that stops it.
 */
export const startOutboxMailer = (options: OutboxMailerOptions): (() => Promise<void>) => {
  const { database, mailer, logger, clock } = options;
  const intervalMs = options.intervalMs ?? 1_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const drain = async (): Promise<void> => {
    const pending = await database.unmailed(100);
    const mailed: string[] = [];
    for (const notification of pending) {
      if (stopped) break;
      try {
        await mailer.send(notification);
        mailed.push(notification.id);
      } catch (error) {
        logger.warn(
          { err: error, id: notification.id },
          'mailing a notification failed; it stays in the outbox',
        );
      }
    }
    if (mailed.length > 0) await database.markMailed(mailed, clock());
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain()
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'reading the mail outbox failed; trying again'),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
};
