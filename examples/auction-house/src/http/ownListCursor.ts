/** Where a page of the user's own lists (`/api/me/bids`, `/api/me/auctions`) ends: the last row's end and id. */
export interface OwnListCursor {
  readonly endsAt: number;
  readonly auctionId: string;
}

/** The `nextCursor` of a page of the user's own lists: opaque text (base64url of the last row's end and id). */
export const encodeOwnListCursor = (endsAt: number, auctionId: string): string =>
  Buffer.from(JSON.stringify([endsAt, auctionId]), 'utf8').toString('base64url');

/** Reads back a cursor of the user's own lists; null when it is not one (forged or truncated). */
export const decodeOwnListCursor = (cursor: string): OwnListCursor | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [endsAt, auctionId] = parsed as unknown[];
    return typeof endsAt === 'number' && Number.isSafeInteger(endsAt) && typeof auctionId === 'string'
      ? { endsAt, auctionId }
      : null;
  } catch {
    return null;
  }
};
