/**
 * How the page names a bidder: `you` where the masked id is the reader's own (their masked id in this
 * auction, from the API), the masked id otherwise, `—` where there is none. The page never sees an
 * unmasked id, so the masked ids are all it compares.
 */
export const bidderLabel = (bidderId: string | null, ownId: string | undefined): string => {
  if (bidderId === null) return '—';
  return ownId !== undefined && bidderId === ownId ? 'you' : bidderId;
};
