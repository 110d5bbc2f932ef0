import type { PageNotification } from './api';
import { formatMoney } from './money';

/**
 * What the notification panel says about one notification, in the reader's words ("you"), amounts in
 * major units en-US (`$15.50`). It names nobody but the reader and the auction (by its title; "an
 * auction" when the catalog has none): no other bidder, no maximum, no reserve amount.
 *
 * - `outbid`: `You were outbid on Brass telescope: now $15.50, bid $16.00 or more`
 * - `leading`: `A bid above yours on Brass telescope was retracted: you lead at $12.00`
 * - `won`: `You won Brass telescope for $30.00` (`You bought … with buy it now`)
 * - `sold`: `You sold Brass telescope for $30.00` (`… (buy it now)`)
 * - `unsold`: `Brass telescope did not sell (reserve not met)` or `(no bids)`
 * - `lost`: `You lost Brass telescope (sold for $30.00)`, or `(it did not sell)` when it closed unsold
 * - `cancelled`: `Brass telescope was cancelled by the seller`
 */
export const notificationText = (notification: PageNotification): string => {
  const title = notification.title ?? 'an auction';
  const Title = notification.title ?? 'An auction';
  const money = (amount: number): string => formatMoney(amount, notification.currency);
  switch (notification.kind) {
    case 'outbid':
      return `You were outbid on ${title}: now ${money(notification.price)}, bid ${money(notification.minimumNextBid)} or more`;
    case 'leading':
      return `A bid above yours on ${title} was retracted: you lead at ${money(notification.price)}`;
    case 'won':
      return notification.buyNow
        ? `You bought ${title} for ${money(notification.price)} with buy it now`
        : `You won ${title} for ${money(notification.price)}`;
    case 'sold':
      return `You sold ${title} for ${money(notification.price)}${notification.buyNow ? ' (buy it now)' : ''}`;
    case 'unsold':
      return `${Title} did not sell (${notification.reason === 'reserve-not-met' ? 'reserve not met' : 'no bids'})`;
    case 'lost':
      return notification.outcome === 'sold'
        ? `You lost ${title} (sold for ${money(notification.price)})`
        : `You lost ${title} (it did not sell)`;
    case 'cancelled':
      return `${Title} was cancelled by the seller`;
  }
};
