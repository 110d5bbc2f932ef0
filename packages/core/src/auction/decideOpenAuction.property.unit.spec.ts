/**
 * The listing rules of `OpenAuction`, decided against the EMPTY state (against an open auction every
 * listing is `AUCTION_ALREADY_EXISTS` before any of them runs): a valid listing is copied whole, with
 * its defaults, into `AuctionOpened`; a listing with exactly one wrong field is `INVALID_COMMAND`
 * naming that field, with the message word for word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { formatMoney } from '../money/formatMoney';
import { type IncrementTable, increments } from '../money/increments';
import { initialState } from './auctionState';
import type { OpenAuction } from './commands';
import { decide } from './decide';
import { DEFAULT_MAX_AMOUNT } from './decideOpenAuction';

type Listing = OpenAuction['data'];
type Loose = Record<string, unknown>;

/** A listing and the `now` it is decided at. */
interface Case {
  readonly now: number;
  readonly data: Listing;
}

const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'KWD'] as const;

const tableArb: fc.Arbitrary<IncrementTable> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 5000 }), increment: fc.integer({ min: 1, max: 900 }) }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((bands) => {
    let from = 0;
    return bands.map((b, i) => {
      if (i > 0) from += b.gap;
      return { from, increment: b.increment };
    });
  });

/** A small or zero offset, often exactly 0 so that every bound is met exactly. */
const above = (max: number) => fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max }));

/** Valid listings: every optional field present or absent, every bound often met exactly. */
const validCaseArb: fc.Arbitrary<Case> = fc
  .record({
    now: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000_000_000 })),
    startsIn: fc.option(fc.integer({ min: -5000, max: 100_000 })),
    duration: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 10_000_000 })),
    startingPrice: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1_000_000 })),
    reserveAbove: fc.option(above(50_000)),
    buyNowAbove: fc.option(above(50_000)),
    maxAmountAbove: fc.option(above(1_000_000)),
    currency: fc.constantFrom(...CURRENCIES),
    increments: fc.option(tableArb),
    softClose: fc.option(
      fc.record({
        windowMs: above(100_000),
        extendMs: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 100_000 })),
        capAfter: fc.option(above(100_000)),
      }),
    ),
    belowReserve: fc.option(fc.constantFrom('proxy' as const, 'fullMax' as const)),
  })
  .map((r): Case => {
    const startsAt = r.startsIn === null ? undefined : Math.max(0, r.now + r.startsIn);
    const endsAt = Math.max(startsAt ?? r.now, r.now) + r.duration;
    const reservePrice = r.reserveAbove === null ? undefined : r.startingPrice + r.reserveAbove;
    const buyNowPrice =
      r.buyNowAbove === null ? undefined : Math.max(r.startingPrice, reservePrice ?? 0) + r.buyNowAbove;
    const maxAmount =
      r.maxAmountAbove === null
        ? undefined
        : Math.max(r.startingPrice, reservePrice ?? 0, buyNowPrice ?? 0) + r.maxAmountAbove;
    const softClose =
      r.softClose === null
        ? undefined
        : {
            windowMs: r.softClose.windowMs,
            extendMs: r.softClose.extendMs,
            ...(r.softClose.capAfter === null ? {} : { maxEndsAt: endsAt + r.softClose.capAfter }),
          };
    const data: Listing = {
      auctionId: 'a1',
      sellerId: 'S',
      currency: r.currency,
      startingPrice: r.startingPrice,
      endsAt,
      ...(startsAt === undefined ? {} : { startsAt }),
      ...(reservePrice === undefined ? {} : { reservePrice }),
      ...(buyNowPrice === undefined ? {} : { buyNowPrice }),
      ...(r.increments === null ? {} : { increments: r.increments }),
      ...(softClose === undefined ? {} : { softClose }),
      ...(r.belowReserve === null ? {} : { belowReserve: r.belowReserve }),
      ...(maxAmount === undefined ? {} : { maxAmount }),
    };
    return { now: r.now, data };
  });

/** The `AuctionOpened` data a valid listing must record, defaults applied, written out independently. */
const expectedOpened = ({ now, data }: Case): Record<string, unknown> => ({
  auctionId: data.auctionId,
  at: now,
  sellerId: data.sellerId,
  currency: data.currency,
  startingPrice: data.startingPrice,
  ...(data.reservePrice === undefined ? {} : { reservePrice: data.reservePrice }),
  ...(data.buyNowPrice === undefined ? {} : { buyNowPrice: data.buyNowPrice }),
  increments: data.increments ?? increments.ebayUsd,
  startsAt: data.startsAt ?? now,
  endsAt: data.endsAt,
  ...(data.softClose === undefined ? {} : { softClose: data.softClose }),
  belowReserve: data.belowReserve ?? 'proxy',
  maxAmount: data.maxAmount ?? DEFAULT_MAX_AMOUNT,
});

// ---- one wrong field at a time ------------------------------------------------------------------------

/** One way to break a listing: the broken listing, the field to blame and the exact message. */
interface Fault {
  readonly data: Loose;
  readonly now?: number;
  readonly field: string;
  readonly message: string;
  readonly atLeast?: number;
  readonly atMost?: number;
}

type Breaker = (c: Case, junk: number) => Fault | null;

const maxOf = (d: Listing): number => d.maxAmount ?? DEFAULT_MAX_AMOUNT;
const money = (amount: number, d: Listing): string => formatMoney(amount, d.currency);
const pick = <T>(values: readonly T[], junk: number): T => values[junk % values.length] as T;
const NOT_SAFE = [0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53];
const NOT_SAFE_POSITIVE = [0, -1, -1000, ...NOT_SAFE];
const set = (c: Case, fields: Loose): Loose => ({ ...c.data, ...fields });
const amountMessage = (field: string) => `data.${field} must be a positive safe integer of minor units`;

const breakers: Readonly<Record<string, Breaker>> = {
  'maxAmount not a positive safe integer': (c, junk) => ({
    data: set(c, { maxAmount: pick(NOT_SAFE_POSITIVE, junk) }),
    field: 'data.maxAmount',
    message: amountMessage('maxAmount'),
  }),
  'currency not three capital letters': (c, junk) => ({
    data: set(c, { currency: pick(['usd', 'US', 'USDX', 'XUSD', 'U5D', 'Usd', ' USD', 'USD\n'], junk) }),
    field: 'data.currency',
    message: 'data.currency must be an ISO 4217 code such as USD',
  }),
  'startingPrice not a positive safe integer': (c, junk) => ({
    data: set(c, { startingPrice: pick(NOT_SAFE_POSITIVE, junk) }),
    field: 'data.startingPrice',
    message: amountMessage('startingPrice'),
  }),
  'startingPrice above maxAmount': (c) => {
    // Without a reserve or buy-now price, which would then be below the starting price.
    const max = maxOf(c.data);
    return {
      data: set(c, { startingPrice: max + 1, reservePrice: undefined, buyNowPrice: undefined }),
      field: 'data.startingPrice',
      message: `data.startingPrice must be at most the auction's largest amount, ${money(max, c.data)}`,
      atMost: max,
    };
  },
  'reservePrice not a positive safe integer': (c, junk) => ({
    data: set(c, { reservePrice: pick(NOT_SAFE_POSITIVE, junk), buyNowPrice: undefined }),
    field: 'data.reservePrice',
    message: amountMessage('reservePrice'),
  }),
  'reservePrice below the starting price': (c, junk) => {
    const start = c.data.startingPrice;
    if (start < 2) return null;
    return {
      data: set(c, { reservePrice: 1 + (junk % (start - 1)), buyNowPrice: undefined }),
      field: 'data.reservePrice',
      message: `data.reservePrice must be at least the starting price, ${money(start, c.data)}`,
      atLeast: start,
    };
  },
  'reservePrice above maxAmount': (c) => {
    const max = maxOf(c.data);
    return {
      data: set(c, { reservePrice: max + 1, buyNowPrice: undefined }),
      field: 'data.reservePrice',
      message: `data.reservePrice must be at most the auction's largest amount, ${money(max, c.data)}`,
      atMost: max,
    };
  },
  'buyNowPrice not a positive safe integer': (c, junk) => ({
    data: set(c, { buyNowPrice: pick(NOT_SAFE_POSITIVE, junk) }),
    field: 'data.buyNowPrice',
    message: amountMessage('buyNowPrice'),
  }),
  'buyNowPrice below the starting price': (c, junk) => {
    const start = c.data.startingPrice;
    if (start < 2) return null;
    return {
      data: set(c, { buyNowPrice: 1 + (junk % (start - 1)), reservePrice: undefined }),
      field: 'data.buyNowPrice',
      message: `data.buyNowPrice must be at least the starting price, ${money(start, c.data)}`,
      atLeast: start,
    };
  },
  'buyNowPrice below the reserve': (c, junk) => {
    const start = c.data.startingPrice;
    const reserve = start + 1 + (junk % 1000);
    return {
      data: set(c, { reservePrice: reserve, buyNowPrice: reserve - 1, maxAmount: undefined }),
      field: 'data.buyNowPrice',
      message: `data.buyNowPrice must be at least the reserve price, ${money(reserve, c.data)}`,
      atLeast: reserve,
    };
  },
  'buyNowPrice above maxAmount': (c) => {
    const max = maxOf(c.data);
    return {
      data: set(c, { buyNowPrice: max + 1 }),
      field: 'data.buyNowPrice',
      message: `data.buyNowPrice must be at most the auction's largest amount, ${money(max, c.data)}`,
      atMost: max,
    };
  },
  'startsAt not a non-negative safe integer': (c, junk) => ({
    data: set(c, { startsAt: pick([-1, -1000, ...NOT_SAFE], junk) }),
    field: 'data.startsAt',
    message: 'data.startsAt must be epoch milliseconds (a non-negative safe integer)',
  }),
  'endsAt not a safe integer': (c, junk) => ({
    data: set(c, { endsAt: pick(NOT_SAFE, junk) + (junk % 7 === 0 ? 0 : c.data.endsAt) }),
    field: 'data.endsAt',
    message: 'data.endsAt must be epoch milliseconds (a safe integer)',
  }),
  'endsAt at or before startsAt': (c, junk) => {
    const startsAt = Math.max(c.data.startsAt ?? c.now, c.now);
    return {
      data: set(c, { startsAt, endsAt: startsAt - (junk % 3), softClose: undefined }),
      field: 'data.endsAt',
      message: 'data.endsAt must be after data.startsAt',
    };
  },
  'endsAt not in the future, with an earlier start': (c, junk) => {
    if (c.now < 1) return null;
    const endsAt = c.now - (junk % Math.min(c.now, 3));
    return {
      data: set(c, { startsAt: endsAt - 1, endsAt, softClose: undefined }),
      field: 'data.endsAt',
      message: 'data.endsAt must be in the future',
    };
  },
  'belowReserve not a policy': (c, junk) => ({
    data: set(c, { belowReserve: pick(['max', 'Proxy', 'fullmax', 'reserve'], junk) }),
    field: 'data.belowReserve',
    message: "data.belowReserve must be 'proxy' or 'fullMax'",
  }),
  'increments not a non-empty array': (c, junk) => ({
    data: set(c, { increments: pick([[], null, {}, 'ebayUsd', 5, { length: 1, 0: { from: 0 } }], junk) }),
    field: 'data.increments',
    message: 'data.increments must be a non-empty array of bands',
  }),
  'a band that is not an object': (c, junk) => {
    const table = [...(c.data.increments ?? increments.ebayUsd)];
    const at = junk % (table.length + 1);
    const broken: unknown[] = [...table];
    broken[at] = pick([null, 5, 'band', true], junk);
    return {
      data: set(c, { increments: broken }),
      field: `data.increments[${at}]`,
      message: `data.increments[${at}] must be an object { from, increment }`,
    };
  },
  'a band whose from is not a non-negative safe integer': (c, junk) => {
    const table = [...(c.data.increments ?? increments.ebayUsd)];
    const at = junk % table.length;
    const broken = table.map((b, i) => (i === at ? { ...b, from: pick([-1, ...NOT_SAFE], junk) } : b));
    return {
      data: set(c, { increments: broken }),
      field: `data.increments[${at}].from`,
      message: `data.increments[${at}].from must be a non-negative safe integer`,
    };
  },
  'a band whose increment is not a positive safe integer': (c, junk) => {
    const table = [...(c.data.increments ?? increments.ebayUsd)];
    const at = junk % table.length;
    const broken = table.map((b, i) => (i === at ? { ...b, increment: pick(NOT_SAFE_POSITIVE, junk) } : b));
    return {
      data: set(c, { increments: broken }),
      field: `data.increments[${at}].increment`,
      message: `data.increments[${at}].increment must be a positive safe integer`,
    };
  },
  'a first band not at 0': (c, junk) => {
    const table = [...(c.data.increments ?? increments.ebayUsd)];
    const first = table[0] as { from: number; increment: number };
    const from = 1 + (junk % Math.max(1, (table[1]?.from ?? 1000) - 1));
    return {
      data: set(c, { increments: [{ ...first, from }, ...table.slice(1)] }),
      field: 'data.increments[0].from',
      message: 'data.increments[0].from must be 0',
    };
  },
  'a band not above the one before': (c, junk) => {
    const table = [...(c.data.increments ?? increments.ebayUsd)];
    const at = 1 + (junk % table.length);
    const before = table[at - 1] as { from: number };
    const broken = [
      ...table.slice(0, at),
      { from: Math.max(0, before.from - (junk % 2)), increment: 5 },
      ...table.slice(at),
    ];
    return {
      data: set(c, { increments: broken }),
      field: `data.increments[${at}].from`,
      message: `data.increments[${at}].from must be above increments[${at - 1}].from`,
    };
  },
  'softClose not an object': (c, junk) => ({
    data: set(c, { softClose: pick([null, 5, 'soft', true], junk) }),
    field: 'data.softClose',
    message: 'data.softClose must be an object',
  }),
  'softClose.windowMs not a non-negative safe integer': (c, junk) => ({
    data: set(c, { softClose: { windowMs: pick([undefined, -1, ...NOT_SAFE], junk), extendMs: 5 } }),
    field: 'data.softClose.windowMs',
    message: 'data.softClose.windowMs must be a non-negative safe integer of milliseconds',
  }),
  'softClose.extendMs not a positive safe integer': (c, junk) => ({
    data: set(c, { softClose: { windowMs: 5, extendMs: pick([undefined, ...NOT_SAFE_POSITIVE], junk) } }),
    field: 'data.softClose.extendMs',
    message: 'data.softClose.extendMs must be a positive safe integer of milliseconds',
  }),
  'softClose.maxEndsAt before endsAt or not a safe integer': (c, junk) => ({
    data: set(c, {
      softClose: {
        windowMs: 5,
        extendMs: 5,
        maxEndsAt: pick(
          [c.data.endsAt - 1, c.data.endsAt - 1000, c.data.endsAt + 0.5, Number.NaN, 2 ** 53],
          junk,
        ),
      },
    }),
    field: 'data.softClose.maxEndsAt',
    message: 'data.softClose.maxEndsAt must be epoch milliseconds at or after data.endsAt',
  }),
  'now not a safe integer': (c, junk) => ({
    data: { ...c.data },
    now: pick([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53], junk),
    field: 'now',
    message: 'now must be epoch milliseconds (a safe integer)',
  }),
};

/** Drops the keys set to undefined by a breaker (a missing field, not a field holding undefined). */
const defined = (data: Loose): Loose =>
  Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));

const faultArb = fc
  .record({ c: validCaseArb, kind: fc.constantFrom(...Object.keys(breakers)), junk: fc.nat() })
  .map(({ c, kind, junk }) => ({ kind, c, fault: (breakers[kind] as Breaker)(c, junk) }));

describe('OpenAuction against the empty state', () => {
  it('records a valid listing whole, with its defaults, in one AuctionOpened', () => {
    fc.assert(
      fc.property(validCaseArb, (c) => {
        const decision = decide({ type: 'OpenAuction', data: c.data }, initialState(), c.now);
        expect(decision).toStrictEqual({
          ok: true,
          events: [{ type: 'AuctionOpened', data: expectedOpened(c) }],
        });
      }),
      seeded(1000),
    );
  });

  it('rejects a listing with one wrong field as INVALID_COMMAND naming that field, word for word', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(faultArb, ({ kind, c, fault }) => {
        fc.pre(fault !== null);
        if (fault === null) return;
        seen.add(kind);
        const command = { type: 'OpenAuction', data: defined(fault.data) } as OpenAuction;
        const decision = decide(command, initialState(), fault.now ?? c.now);
        const bounds = {
          ...(fault.atLeast === undefined ? {} : { atLeast: fault.atLeast }),
          ...(fault.atMost === undefined ? {} : { atMost: fault.atMost }),
        };
        expect(decision, kind).toStrictEqual({
          ok: false,
          code: 'INVALID_COMMAND',
          message: fault.message,
          details: { field: fault.field, ...bounds },
        });
      }),
      seeded(3000),
    );
    expect([...Object.keys(breakers)].filter((kind) => !seen.has(kind))).toEqual([]);
  });

  it('copies the increment table and the soft-close policy, keeping only their own fields, frozen', () => {
    fc.assert(
      fc.property(validCaseArb, fc.string(), (c, note) => {
        const table = (c.data.increments ?? increments.ebayUsd).map((b) => ({ ...b, note }));
        const softClose = { windowMs: 10, extendMs: 20, note };
        const decision = decide(
          { type: 'OpenAuction', data: { ...c.data, increments: table, softClose } },
          initialState(),
          c.now,
        );
        expect(decision.ok).toBe(true);
        if (!decision.ok || decision.events[0]?.type !== 'AuctionOpened') return;
        const rules = decision.events[0].data;
        expect(rules.increments).toStrictEqual(table.map(({ from, increment }) => ({ from, increment })));
        expect(rules.increments).not.toBe(table);
        expect(Object.isFrozen(rules.increments)).toBe(true);
        expect(rules.increments.every((b) => Object.isFrozen(b))).toBe(true);
        expect(rules.softClose).toStrictEqual({ windowMs: 10, extendMs: 20 });
      }),
      seeded(200),
    );
  });
});
