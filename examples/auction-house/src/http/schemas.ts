import type { RetractionReason } from '@gavel/core';
import { z } from 'zod';
import { decodeCursor } from '../readModels/catalog/catalogCursor';
import { durationMs, epochMs, futureMomentProblem, MAX_AUCTION_AHEAD_MS } from './auctionTimeBounds';
import { currencyCode } from './currencyCode';
import { decodeOwnListCursor } from './ownListCursor';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Text a person typed: trimmed, well-formed Unicode, no control characters, within `max` characters. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode')
    .refine((value) => !CONTROL.test(value), 'must not contain control characters');

/** An amount of money in minor units (cents): a positive safe integer. */
const amount = z
  .number({ error: 'must be a number of minor units (cents)' })
  .int('must be a whole number of minor units (cents)')
  .min(1, 'must be positive')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

/** A span of a retraction policy: whole milliseconds, from 0 to 90 days (the longest an auction lasts). */
const policySpan = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be whole milliseconds')
  .min(0, 'must not be negative')
  .max(MAX_AUCTION_AHEAD_MS, 'must be at most 90 days');

/** `POST /api/session`. */
export const signInBody = z.strictObject({ name: text(40) });

/** The shape of `POST /api/auctions`: exactly one of `durationMs` and `endsAt`; built once. */
const auctionBody = z
  .strictObject({
    title: text(200),
    startingPrice: amount,
    durationMs: durationMs.optional(),
    endsAt: epochMs.optional(),
    reservePrice: amount.optional(),
    buyNowPrice: amount.optional(),
    softClose: z
      .strictObject({
        windowMs: z.number().int().min(1).max(86_400_000),
        extendMs: z.number().int().min(1).max(86_400_000),
        maxEndsAt: epochMs.optional(),
        from: z.enum(['bid', 'end'], { error: "must be 'bid' or 'end'" }).optional(),
      })
      .optional(),
    // Absent: the engine's default (eBay's windows); null: no retraction on this auction.
    retraction: z
      .strictObject({ fullBeforeEndMs: policySpan, latestWithinMs: policySpan })
      .nullable()
      .optional(),
    currency: currencyCode.optional(),
  })
  .superRefine((body, context) => {
    if ((body.durationMs === undefined) === (body.endsAt === undefined))
      context.addIssue({
        code: 'custom',
        path: ['durationMs'],
        message: 'give exactly one of durationMs and endsAt',
      });
  });

/**
 * `POST /api/auctions` on a clock: {@link auctionBody}, with `endsAt` and `softClose.maxEndsAt` after
 * the clock's now (read as the body is checked) and at most 90 days ahead (as `durationMs`), and a
 * currency the runtime knows.
 */
export const createAuctionBody = (clock: () => number) =>
  auctionBody.superRefine((body, context) => {
    const now = clock();
    const moments: [string[], number | undefined][] = [
      [['endsAt'], body.endsAt],
      [['softClose', 'maxEndsAt'], body.softClose?.maxEndsAt],
    ];
    for (const [path, moment] of moments) {
      const problem = moment === undefined ? null : futureMomentProblem(moment, now);
      if (problem !== null) context.addIssue({ code: 'custom', path, message: problem });
    }
  });

/** A client's `bidId`: scoped to its user by the server. */
const bidId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -');

/** `POST /api/auctions/:id/bids`: `{ amount }` (a straight bid) or `{ maxAmount }` (a proxy). */
export const bidBody = z
  .strictObject({ amount: amount.optional(), maxAmount: amount.optional(), bidId: bidId.optional() })
  .superRefine((body, context) => {
    if ((body.amount === undefined) === (body.maxAmount === undefined))
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'give exactly one of amount and maxAmount',
      });
  });

/** Why a bidder may withdraw a bid: every reason the engine knows (a new one does not compile until added). */
const RETRACTION_REASONS = {
  typo: 'typo',
  'description-changed': 'description-changed',
  'seller-unreachable': 'seller-unreachable',
} as const satisfies { readonly [R in RetractionReason]: R };

/** `POST /api/auctions/:id/retract`: `{ reason }`. */
export const retractBody = z.strictObject({
  reason: z.enum(RETRACTION_REASONS, {
    error: `must be one of ${Object.keys(RETRACTION_REASONS).join(', ')}`,
  }),
});

/** `POST /api/auctions/:id/buy-now`: no body, an empty object, or `null`. */
export const buyNowBody = z.strictObject({}).nullish();

/** A problem of the `cursor` query parameter, found once the rest of the query holds. */
const badCursor = (context: z.RefinementCtx, cursor: string, message: string): never => {
  context.addIssue({ code: 'custom', path: ['cursor'], message, input: cursor });
  return z.NEVER;
};

/** `GET /api/auctions` query; `after` is its `cursor` read back (a cursor of another sort is refused). */
export const listQuery = z
  .object({
    status: z.enum(['open', 'ended', 'closed', 'cancelled']).optional(),
    sort: z.enum(['ending', 'newest', 'price-asc', 'price-desc']).default('ending'),
    q: z
      .string()
      .max(200, 'must be at most 200 characters')
      .refine((value) => !LONE_SURROGATE.test(value) && !CONTROL.test(value), 'must be plain text')
      .optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(20),
    cursor: z.string().min(1).max(400, 'is not a cursor of this list').optional(),
  })
  .transform(({ cursor, ...query }, context) => {
    if (cursor === undefined) return { ...query, after: undefined };
    const after = decodeCursor(cursor, query.sort);
    if (after === null) return badCursor(context, cursor, 'is not a cursor of this list and sort');
    return { ...query, after };
  });

/** `GET /api/me/bids` and `GET /api/me/auctions` query; `after` is its `cursor` read back. */
export const myBidsQuery = z
  .object({
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(50),
    cursor: z.string().min(1).max(400, 'is not a cursor of this list').optional(),
  })
  .transform(({ cursor, ...query }, context) => {
    if (cursor === undefined) return { ...query, after: undefined };
    const after = decodeOwnListCursor(cursor);
    if (after === null) return badCursor(context, cursor, 'is not a cursor of this list');
    return { ...query, after };
  });

/** `GET /api/me/notifications` query. */
export const myNotificationsQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
});

/** An auction id in a path: what the engine accepts as an id. */
export const auctionIdParam = z
  .string()
  .min(1)
  .max(128)
  .refine((value) => !LONE_SURROGATE.test(value) && !CONTROL.test(value));

/** The path parameters of `/api/auctions/:id…`: a bad id is answered 404 `AUCTION_NOT_FOUND`. */
export const auctionParams = z.object({ id: auctionIdParam });
