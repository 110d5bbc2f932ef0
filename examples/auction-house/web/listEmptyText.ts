import type { ListQuery, ListStatus } from './listQuery';

const NONE: Readonly<Record<ListStatus, string>> = {
  open: 'none is open',
  ended: 'none has ended and is waiting to close',
  closed: 'none is closed yet',
  all: 'none is listed yet',
};

/**
 * What the list says when nothing matches: `No auctions match “leica” among open auctions.`, or, with
 * no search, `No auctions match: none is open.` The page sets it as text, the search quoted as typed.
 */
export const listEmptyText = (query: ListQuery): string => {
  if (query.q === '') return `No auctions match: ${NONE[query.status]}.`;
  const among = query.status === 'all' ? '' : ` among ${query.status} auctions`;
  return `No auctions match “${query.q}”${among}.`;
};
