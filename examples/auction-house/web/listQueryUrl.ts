import {
  cleanSearch,
  DEFAULT_LIST_QUERY,
  LIST_SORTS,
  LIST_STATUSES,
  type ListQuery,
  type ListSort,
  type ListStatus,
} from './listQuery';

const isSort = (value: string | null): value is ListSort => LIST_SORTS.some((sort) => sort === value);
const isStatus = (value: string | null): value is ListStatus =>
  LIST_STATUSES.some((status) => status === value);

/**
 * The list query of a page address's query string (`?sort=newest&q=leica&status=open`, with or without
 * the `?`). Missing or unknown values are the defaults (ending soonest, open, no search), so an old or
 * hand-edited link still shows a list.
 */
export const listQueryFromSearch = (search: string): ListQuery => {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  const status = params.get('status');
  return {
    sort: isSort(sort) ? sort : DEFAULT_LIST_QUERY.sort,
    status: isStatus(status) ? status : DEFAULT_LIST_QUERY.status,
    q: cleanSearch(params.get('q') ?? ''),
  };
};

/**
 * The query string of a list query, `?` included, in the order `sort`, `q`, `status`; a value equal to
 * its default is left out, so the default list is plain `/` (an empty string here). Its inverse is
 * {@link listQueryFromSearch}.
 */
export const searchFromListQuery = (query: ListQuery): string => {
  const params = new URLSearchParams();
  if (query.sort !== DEFAULT_LIST_QUERY.sort) params.set('sort', query.sort);
  if (query.q !== '') params.set('q', query.q);
  if (query.status !== DEFAULT_LIST_QUERY.status) params.set('status', query.status);
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
};
