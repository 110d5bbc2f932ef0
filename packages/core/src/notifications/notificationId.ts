import type { NotificationKind } from './auctionNotification';

/** Who a notification goes to, as its id says it: the role the recipient has in the event. */
export type NotificationRole = 'leader' | 'new-leader' | 'winner' | 'seller';

/**
 * The id of a notification: `<auctionId>@<version>:<kind>:<recipient>`. The recipient is a role
 * (`leader`: the one who led before the event; `new-leader`: the one who leads after it; `winner`;
 * `seller`), which one event gives to one user
 * only, or, for a kind that goes to many users at once (`lost`), the recipient's own user id, which
 * only they see. Never another user's id.
 */
export const notificationId = (
  auctionId: string,
  version: number,
  kind: NotificationKind,
  recipient: NotificationRole | { readonly ownUserId: string },
): string =>
  `${auctionId}@${version}:${kind}:${typeof recipient === 'string' ? recipient : recipient.ownUserId}`;
