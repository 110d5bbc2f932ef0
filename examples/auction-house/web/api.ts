import type {
  AuctionNotification,
  PublicHistoryEntry,
  PublicView,
  RetractionReason,
  RetractionScope,
} from '@gavel/core';
import { type ListRequest, listPath } from './listPath';

export type { ListRequest };

/** The signed-in user, as `POST /api/session` answers. */
export interface Viewer {
  readonly userId: string;
  readonly name: string;
}

/** One auction of `GET /api/auctions`. */
export interface AuctionSummary {
  readonly auctionId: string;
  readonly title: string;
  readonly version: number;
  readonly view: PublicView;
}

/** One page of `GET /api/auctions`. */
export interface ListPage {
  readonly auctions: readonly AuctionSummary[];
  /** Pass it as `cursor` (with the same sort) for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** The server's clock when it answered (epoch ms). */
  readonly now: number;
}

/** The user's own standing offer: shown to them alone. */
export type OwnOffer = { readonly amount: number } | { readonly maxAmount: number };

/** The offer fields of a "my bids" entry: one of the two is there. */
export interface OwnOfferFields {
  readonly amount?: number;
  readonly maxAmount?: number;
}

/** `GET /api/auctions/:id`. */
export interface AuctionDetail {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  readonly version: number;
  readonly view: PublicView;
  readonly history: readonly PublicHistoryEntry[];
  /** The signed-in user's masked id in this auction, their own offer and what they may retract; null when signed out. */
  readonly you: {
    readonly bidderId: string;
    readonly offer: OwnOffer | null;
    /** What a retraction now would withdraw: all their bids, their latest, or null when they may not retract. */
    readonly retraction: RetractionScope | null;
    /** When `retraction` stops holding by the clock alone (the server's epoch ms); null without one. */
    readonly retractionUntil: number | null;
  } | null;
  /** The server's clock when it answered (epoch ms). */
  readonly now: number;
}

/**
 * One of the signed-in user's notifications, as `GET /api/me/notifications` and the feed's `notification`
 * frames carry it: the engine's notification (amounts in minor units of `currency`) with its auction's
 * title (null when the catalog has none).
 */
export type PageNotification = AuctionNotification & { readonly title: string | null };

/** An error body of the API. */
export interface ApiFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** What a call answers: the body on success, or the error body. */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | ApiFailure;

const call = async <T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> => {
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // 204 No Content (signing out) has no body.
    if (response.status === 204) return { ok: true, value: undefined as T };
    const json = (await response.json()) as T | ApiFailure;
    if (response.ok) return { ok: true, value: json as T };
    return json as ApiFailure;
  } catch {
    return { ok: false, code: 'NETWORK', message: 'The server could not be reached; try again' };
  }
};

/** The bid answer: the new (masked) view and whether the user now leads. */
export interface BidAnswer {
  readonly view: PublicView;
  readonly version: number;
  readonly leading: boolean;
}

/** The API of the auction house, as the page uses it. */
export const api = {
  whoAmI: () => call<Viewer>('GET', '/api/session'),
  signIn: (name: string) => call<Viewer>('POST', '/api/session', { name }),
  signOut: () => call<void>('DELETE', '/api/session'),
  /** One page of the list: `{ status?, sort?, q?, limit?, cursor? }`, the server's defaults where absent. */
  list: (request: ListRequest = {}) => call<ListPage>('GET', listPath(request)),
  auction: (auctionId: string) =>
    call<AuctionDetail>('GET', `/api/auctions/${encodeURIComponent(auctionId)}`),
  create: (body: Readonly<Record<string, unknown>>) =>
    call<{ auctionId: string }>('POST', '/api/auctions', body),
  bid: (auctionId: string, body: { amount: number } | { maxAmount: number }, bidId: string) =>
    call<BidAnswer>('POST', `/api/auctions/${encodeURIComponent(auctionId)}/bids`, { ...body, bidId }),
  myBids: () =>
    call<{
      bids: (OwnOfferFields & { auctionId: string; title: string; leading: boolean; view: PublicView })[];
    }>('GET', '/api/me/bids'),
  /** The signed-in user's notifications, newest first (401 when signed out). */
  myNotifications: (limit: number) =>
    call<{ notifications: PageNotification[] }>('GET', `/api/me/notifications?limit=${limit}`),
  /** Withdraws the user's bids on the auction as the rules allow now (all of them, or the latest). */
  retract: (auctionId: string, reason: RetractionReason) =>
    call<BidAnswer>('POST', `/api/auctions/${encodeURIComponent(auctionId)}/retract`, { reason }),
  buyNow: (auctionId: string) =>
    call<BidAnswer>('POST', `/api/auctions/${encodeURIComponent(auctionId)}/buy-now`, {}),
};
