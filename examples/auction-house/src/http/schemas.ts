import type { RetractionReason } from '@gavel/core';
import { z } from 'zod';
import { durationMs, epochMs, futureMomentProblem, MAX_AUCTION_AHEAD_MS } from './auctionTimeBounds';
import { currencyCode } from './currencyCode';

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
 * `POST /api/auctions` at `now`: {@link auctionBody}, with `endsAt` and `softClose.maxEndsAt` after now
 * and at most 90 days ahead (as `durationMs`), and a currency the runtime knows. Cheap to make per
 * request: it wraps the shape built once with one check.
 */
export const createAuctionBody = (now: number) =>
  auctionBody.superRefine((body, context) => {
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

/** `POST /api/auctions/:id/buy-now`: no body, or an empty object. */
export const buyNowBody = z.strictObject({}).optional();

/** `GET /api/auctions` query. */
export const listQuery = z.object({
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
});

/** `GET /api/me/bids` query. */
export const myBidsQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(50),
  cursor: z.string().min(1).max(400, 'is not a cursor of this list').optional(),
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

/** The first problem of a failed parse, as the API reports it: the field's path and a message. */
export const firstIssue = (error: z.ZodError): { readonly field: string; readonly message: string } => {
  const issue = error.issues[0];
  if (issue === undefined) return { field: '', message: 'invalid request' };
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0] ?? ''].join('.');
    return { field, message: `unknown field '${field.slice(0, 64)}'` };
  }
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type' && field === '')
    return { field, message: 'the body must be a JSON object' };
  return { field, message: field === '' ? issue.message : `${field} ${issue.message}` };
};
