import { fnv1a32 } from '../processing/partitionOf';

/** The most characters of a token: a RabbitMQ routing key holds at most 255 bytes. */
export const MAX_AUCTION_TOKEN_LENGTH = 200;

const KEPT = /^[A-Za-z0-9_-]$/;
const utf8 = new TextEncoder();

const hex = (byte: number): string => byte.toString(16).toUpperCase().padStart(2, '0');

/**
 * The subject-safe form of an auction id, one token of a NATS subject or a RabbitMQ routing key (where
 * `.` separates tokens and `*`, `>`, `#` and spaces have meanings): letters, digits, `_` and `-` stay as
 * they are; every other character is written as the `%XX` of each byte of its UTF-8 form (so `lot.42` is
 * `lot%2E42`, `é` is `%C3%A9`). Reversible (see {@link auctionIdOfToken}) and the same in every
 * language. A token longer than {@link MAX_AUCTION_TOKEN_LENGTH} is cut to its first 190 characters
 * followed by `~` and the 8-hex-digit FNV-1a hash of the auction id (no longer reversible: the
 * message's headers carry the stream name as it is).
 *
 * @example
 * auctionToken('a_5BkFfYY72R5r'); // 'a_5BkFfYY72R5r'
 * auctionToken('lot 42.*');       // 'lot%2042%2E%2A'
 */
export const auctionToken = (auctionId: string): string => {
  let token = '';
  for (const character of auctionId) {
    if (KEPT.test(character)) token += character;
    else for (const byte of utf8.encode(character)) token += `%${hex(byte)}`;
  }
  if (token.length <= MAX_AUCTION_TOKEN_LENGTH) return token;
  return `${token.slice(0, 190).replace(/%[0-9A-F]?$/, '')}~${fnv1a32(auctionId).toString(16).padStart(8, '0')}`;
};

/** The auction id of a token that {@link auctionToken} made, or null for a shortened or malformed one. */
export const auctionIdOfToken = (token: string): string | null => {
  if (token.includes('~')) return null;
  try {
    return decodeURIComponent(token);
  } catch {
    return null;
  }
};
