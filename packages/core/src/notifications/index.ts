export type {
  AuctionNotification,
  CancelledNotification,
  LeadingNotification,
  LostNotification,
  NotificationBase,
  NotificationKind,
  OutbidNotification,
  SoldNotification,
  UnsoldNotification,
  UnsoldReason,
  WonNotification,
} from './auctionNotification';
export { auctionNotifications } from './auctionNotifications';
export { type LostNotificationInput, lostNotification } from './lostNotification';
