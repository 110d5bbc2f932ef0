import type { ListQuery } from './listQuery';

/** The query of `GET /api/auctions`: each field optional, the server's defaults apply where absent. */
export interface ListRequest {
  readonly status?: 'open' | 'ended' | 'closed' | 'cancelled';
  readonly sort?: 'ending' | 'newest' | 'price-asc' | 'price-desc';
  /** Words of the title. */
  readonly q?: string;
  /** 1 to 100 (default 20). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page (with the same `sort`). */
  readonly cursor?: string;
}

/** The path of `GET /api/auctions` for `request`: `/api/auctions?status=open&sort=ending`, encoded. */
export const listPath = (request: ListRequest): string => {
  const params = new URLSearchParams();
  for (const key of ['status', 'sort', 'q', 'limit', 'cursor'] as const) {
    const value = request[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? '/api/auctions' : `/api/auctions?${search}`;
};

/** The request for one page of the list `query` asks for: `all` sends no `status`, no search no `q`. */
export const listRequestFor = (query: ListQuery, cursor?: string): ListRequest => ({
  sort: query.sort,
  ...(query.status === 'all' ? {} : { status: query.status }),
  ...(query.q === '' ? {} : { q: query.q }),
  ...(cursor === undefined ? {} : { cursor }),
});
