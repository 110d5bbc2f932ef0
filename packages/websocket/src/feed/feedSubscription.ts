/** One auction watched on one connection, from its `subscribe` to its `unsubscribe`. */
export interface FeedSubscription {
  readonly auctionId: string;
  /** The highest stream version sent on this subscription: only later changes are sent (versions strictly increase). */
  cursor: number;
  /** False once unsubscribed, replaced by a new `subscribe` or its connection closed. */
  active: boolean;
  /** Sends a frame to the subscription's connection (the same bytes every watcher gets). */
  readonly send: (frame: Buffer) => void;
}
