import { auctionToken } from '@gavel/core';
import { DEFAULT_SUBJECT_PREFIX } from '../relayOptions';
import { subjectToken } from './relayMessage';

/** Which relayed messages a subject filter selects. */
export interface RelaySubjectFilterOptions {
  /** The relay's subject prefix. Default `gavel`. */
  readonly subjectPrefix?: string;
  /** One event type (e.g. `AuctionClosed`), or for a public relay one kind (`bid`, `extended`, `closed`, `view`). Default any. */
  readonly type?: string;
  /** One auction. Default any. */
  readonly auctionId?: string;
}

/**
 * The subject filter of a relay's messages, for a consumer or a subscription: `<prefix>.<type or *>.<auction
 * token or *>`, the auction id in the same subject-safe form the relay writes.
 *
 * @example
 * relaySubjectFilter({ type: 'AuctionClosed' });   // 'gavel.AuctionClosed.*'
 * relaySubjectFilter({ auctionId: 'lot 42.*' });   // 'gavel.*.lot%2042%2E%2A'
 */
export const relaySubjectFilter = (options: RelaySubjectFilterOptions = {}): string =>
  `${options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX}.${
    options.type === undefined ? '*' : subjectToken(options.type)
  }.${options.auctionId === undefined ? '*' : auctionToken(options.auctionId)}`;
