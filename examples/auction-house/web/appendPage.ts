/**
 * The list's auction ids after a further page: `listed`, then each id of `page` not listed yet, in the
 * page's order. A live list may move an auction from one page to the next between two requests (its
 * price or end changed), so a page can repeat an id: it stays where it was first shown.
 */
export const appendPage = (listed: readonly string[], page: readonly string[]): string[] => {
  const seen = new Set(listed);
  const appended = [...listed];
  for (const auctionId of page) {
    if (seen.has(auctionId)) continue;
    seen.add(auctionId);
    appended.push(auctionId);
  }
  return appended;
};
