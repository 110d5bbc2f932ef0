import type { CatalogCursor, CatalogSort } from './catalogRow';

/**
 * A page's cursor as the API hands it out: opaque text (base64url of the sort, the last row's sort value
 * and its auction id), so that clients pass it back as it is and the format can change.
 */
export const encodeCursor = (cursor: CatalogCursor): string =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.auctionId]), 'utf8').toString('base64url');

/** Reads back a cursor of `sort`; null when it is not one (forged, truncated, or of another sort). */
export const decodeCursor = (text: string, sort: CatalogSort): CatalogCursor | null => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [cursorSort, value, auctionId] = parsed as unknown[];
    if (cursorSort !== sort || typeof auctionId !== 'string' || auctionId.length === 0) return null;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return null;
    return { sort, value, auctionId };
  } catch {
    return null;
  }
};
