import { auctionToken } from '@gavel/core';

/**
 * The routing key of a relayed message: `<kind>.<auction token>`, the kind being the event type
 * (`BidPlaced.lot-42`) or, for the public projection, `change` (`change.lot-42`). The auction token is
 * `@gavel/core`'s `auctionToken`: letters, digits, `_` and `-` as they are, every other character as the
 * `%XX` of its UTF-8 bytes (`lot 42.*` → `lot%2042%2E%2A`), so that an id holding `.`, `*`, `#`, spaces
 * or any Unicode is one word of the key, never a separator or a wildcard. Bind `BidPlaced.*`,
 * `*.lot-42` or `#`.
 */
export const relayRoutingKey = (kind: string, auctionId: string): string =>
  `${auctionToken(kind)}.${auctionToken(auctionId)}`;
