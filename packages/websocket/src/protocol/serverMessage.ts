import type { PublicHistoryEntry, PublicView } from '@gavel/core';

/** The `code` of an `error` frame. */
export type FeedErrorCode =
  /** The frame is not JSON, not text, or not a message of the protocol; `field` names the bad field. */
  | 'INVALID_MESSAGE'
  /** No auction with that id. */
  | 'AUCTION_NOT_FOUND'
  /** The connection already watches as many auctions as the server allows. */
  | 'TOO_MANY_SUBSCRIPTIONS'
  /** The event store failed while the auction was read; subscribe again later. */
  | 'UNAVAILABLE';

/** The public state of an auction at stream version `version`. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly auctionId: string;
  readonly version: number;
  readonly view: PublicView;
  readonly history: readonly PublicHistoryEntry[];
}

/** One stream version whose event changed the public view; `entry` when it adds a history entry. */
export interface ChangeMessage {
  readonly type: 'change';
  readonly auctionId: string;
  readonly version: number;
  readonly view: PublicView;
  readonly entry?: PublicHistoryEntry;
}

/** The answer to a bad client message; the connection stays open. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly code: FeedErrorCode;
  readonly message: string;
  /** The auction the failed request named, when it named one. */
  readonly auctionId?: string;
  /** For `INVALID_MESSAGE`: the path of the offending field, when there is one. */
  readonly field?: string;
}

/**
 * A notification for the connection's own user (only on an authenticated connection): whatever the
 * server tells that user, e.g. an `AuctionNotification` of `@gavel/core` (`outbid`, `won`, …).
 */
export interface NotificationMessage {
  readonly type: 'notification';
  readonly notification: FeedNotification;
}

/** What `AuctionFeed.notify` takes: a notification for one user, with at least the recipient's id. */
export interface FeedNotification {
  /** The recipient: the feed sends it to this user's authenticated connections only. */
  readonly userId: string;
}

/** Every message the server sends (feed protocol, version 1). */
export type ServerMessage = SnapshotMessage | ChangeMessage | ErrorMessage | NotificationMessage;

/** Serializes a server message once, to the bytes every watcher is sent. */
export const encodeServerMessage = (message: ServerMessage): Buffer =>
  Buffer.from(JSON.stringify(message), 'utf8');
