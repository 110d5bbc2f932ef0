import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type AuctionState, initialState } from './auctionState';
import type { AuctionCommand, AuctionCommandType } from './commands';
import { decide } from './decide';
import type { Decision, RejectionCode } from './decision';
import { fold } from './fold';
import { publicView } from './publicView';

type Decide = (command: AuctionCommand, state: AuctionState, now: number) => Decision;

const REJECTION_CODES: ReadonlySet<string> = new Set<RejectionCode>([
  'AUCTION_NOT_FOUND',
  'AUCTION_ALREADY_EXISTS',
  'AUCTION_NOT_STARTED',
  'AUCTION_ENDED',
  'AUCTION_CLOSED',
  'INVALID_COMMAND',
  'SELLER_CANNOT_BID',
  'BID_TOO_LOW',
  'ALREADY_LEADING',
  'MAX_NOT_RAISED',
  'BUY_NOW_UNAVAILABLE',
  'NOT_ENDED',
  'CANCEL_NOT_ALLOWED',
  'RETRACTION_NOT_ALLOWED',
]);

// ---- states to throw junk at: none, open (with and without bids), closed, cancelled -------------------

const play = (commands: readonly AuctionCommand[], closeAt = 200_000): AuctionState => {
  let state = initialState();
  for (const command of commands) {
    const decision = decide(command, state, command.type === 'CloseAuction' ? closeAt : 2000);
    if (!decision.ok) throw new Error(`fixture rejected: ${decision.code} ${decision.message}`);
    state = fold(decision.events, state);
  }
  return state;
};
const opened: AuctionCommand = {
  type: 'OpenAuction',
  data: {
    auctionId: 'a1',
    sellerId: 'S',
    currency: 'USD',
    startingPrice: 1000,
    startsAt: 1000,
    endsAt: 100_000,
    reservePrice: 3000,
    buyNowPrice: 9000,
    softClose: { windowMs: 5000, extendMs: 5000 },
  },
};
const maxBid = (bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId: 'a1', bidderId, maxAmount },
});
const states: readonly AuctionState[] = [
  initialState(),
  play([opened]),
  play([opened, maxBid('A', 2000), maxBid('B', 5000)]),
  play([opened, { type: 'CancelAuction', data: { auctionId: 'a1', by: 'S' } }]),
  play([opened, maxBid('A', 5000), { type: 'CloseAuction', data: { auctionId: 'a1' } }]),
];
const stateArb = fc.constantFrom(...states);

const junkNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    -1,
    0.5,
    2 ** 53,
    -(2 ** 53),
    1e300,
    Number.MIN_VALUE,
  ),
  fc.integer({ min: -10, max: 200_000 }),
  fc.integer({ min: 1, max: 200_000 }).map(String),
  fc.double(),
  fc.anything(),
);
const junkString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', 'a1', 'a2', 'S', 'A', 'B', 'USD', 'usd') },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.anything() },
);
const nowArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 120_000 }) },
  { weight: 1, arbitrary: junkNumber },
);

const fieldsOf: Readonly<Record<AuctionCommandType, Readonly<Record<string, fc.Arbitrary<unknown>>>>> = {
  OpenAuction: {
    auctionId: junkString,
    sellerId: junkString,
    currency: junkString,
    startingPrice: junkNumber,
    endsAt: junkNumber,
    startsAt: junkNumber,
    reservePrice: junkNumber,
    buyNowPrice: junkNumber,
    increments: fc.oneof(
      fc.anything(),
      fc.array(fc.record({ from: junkNumber, increment: junkNumber }, { requiredKeys: [] })),
    ),
    softClose: fc.oneof(
      fc.anything(),
      fc.record(
        {
          windowMs: junkNumber,
          extendMs: junkNumber,
          maxEndsAt: junkNumber,
          from: fc.oneof(fc.constantFrom('bid', 'end', 'start'), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    ),
    belowReserve: fc.oneof(fc.constantFrom('proxy', 'fullMax', 'max'), fc.anything()),
    maxAmount: junkNumber,
    retraction: fc.oneof(
      fc.anything(),
      fc.constant(null),
      fc.record({ fullBeforeEndMs: junkNumber, latestWithinMs: junkNumber }, { requiredKeys: [] }),
    ),
  },
  PlaceBid: { auctionId: junkString, bidderId: junkString, amount: junkNumber, bidId: junkString },
  SetMaxBid: { auctionId: junkString, bidderId: junkString, maxAmount: junkNumber, bidId: junkString },
  BuyNow: { auctionId: junkString, buyerId: junkString },
  CloseAuction: { auctionId: junkString },
  CancelAuction: { auctionId: junkString, by: junkString, reason: junkString },
  RetractBid: {
    auctionId: junkString,
    bidderId: junkString,
    reason: fc.oneof(fc.constantFrom('typo', 'description-changed', 'seller-unreachable'), junkString),
  },
};

/** Commands of the right type whose fields are junk, missing, or (by chance) right. */
const structuredJunkArb = fc.oneof(
  ...Object.entries(fieldsOf).map(([type, fields]) =>
    fc.record({ type: fc.constant(type), data: fc.record(fields, { requiredKeys: [] }) }),
  ),
);

/** Commands that would be accepted on the open auction with bids, but with exactly one field wrong. */
const wellFormed: readonly AuctionCommand[] = [
  { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'C', amount: 10_000, bidId: 'b1' } },
  { type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'C', maxAmount: 10_000, bidId: 'b2' } },
  { type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'B', maxAmount: 10_000 } },
  { type: 'CloseAuction', data: { auctionId: 'a1' } },
  { ...opened, data: { ...opened.data, auctionId: 'a2', increments: [{ from: 0, increment: 5 }] } },
];
const oneWrongFieldArb = fc
  .record({
    command: fc.constantFrom(...wellFormed),
    which: fc.nat(),
    junk: fc.oneof(junkNumber, junkString),
  })
  .map(({ command, which, junk }) => {
    const keys = Object.keys(command.data);
    const key = keys[which % keys.length] as string;
    return { ...command, data: { ...command.data, [key]: junk } };
  });

/** Everything `fc.anything` can build, objects without prototypes and boxed values included. */
const anythingArb = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const isSafePositive = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;
const isId = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const numbersIn = (value: unknown): number[] =>
  typeof value === 'number'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(numbersIn)
      : [];

/** An accepted command must have been well-formed, and its events must fold and show. */
const checkDecision = (command: unknown, state: AuctionState, now: unknown, decision: Decision): void => {
  expect(typeof decision.ok).toBe('boolean');
  if (!decision.ok) {
    expect(REJECTION_CODES.has(decision.code), decision.code).toBe(true);
    expect(typeof decision.message).toBe('string');
    expect('events' in decision).toBe(false);
    return;
  }
  const { type, data } = command as { type: AuctionCommandType; data: Record<string, unknown> };
  expect(Number.isSafeInteger(now)).toBe(true);
  expect(isId(data.auctionId)).toBe(true);
  if (type === 'PlaceBid') expect(isSafePositive(data.amount) && isId(data.bidderId)).toBe(true);
  if (type === 'SetMaxBid') expect(isSafePositive(data.maxAmount) && isId(data.bidderId)).toBe(true);
  if (type === 'BuyNow') expect(isId(data.buyerId)).toBe(true);
  for (const number of numbersIn(decision.events))
    expect(Number.isSafeInteger(number), `${number} in events`).toBe(true);
  const after = fold(decision.events, state);
  expect(() => publicView(after, now as number)).not.toThrow();
};

const anythingIsRejected = (subject: Decide) =>
  fc.property(anythingArb, stateArb, nowArb, (junk, state, now) => {
    const decision = subject(junk as AuctionCommand, state, now as number);
    expect(decision).toEqual(expect.objectContaining({ ok: false, code: 'INVALID_COMMAND' }));
    checkDecision(junk, state, now, decision);
  });

const anyDataIsRejected = (subject: Decide) =>
  fc.property(
    fc.record({ type: fc.constantFrom(...Object.keys(fieldsOf)), data: anythingArb }),
    stateArb,
    nowArb,
    (junk, state, now) => {
      const decision = subject(junk as AuctionCommand, state, now as number);
      expect(decision.ok).toBe(false);
      checkDecision(junk, state, now, decision);
    },
  );

const structuredJunkNeverThrows = (subject: Decide) =>
  fc.property(structuredJunkArb, stateArb, nowArb, (junk, state, now) => {
    checkDecision(junk, state, now, subject(junk as AuctionCommand, state, now as number));
  });

const oneWrongFieldIsCaught = (subject: Decide) =>
  fc.property(
    oneWrongFieldArb,
    fc.constantFrom(states[1] as AuctionState, states[2] as AuctionState),
    (junk, state) => {
      checkDecision(junk, state, 2000, subject(junk as AuctionCommand, state, 2000));
    },
  );

// ---- broken deciders, to show that each property can fail ----------------------------------------------

/** Reads a field of the command before checking that the command is an object. */
const readsBeforeValidating: Decide = (command, state, now) =>
  (command as { data: { auctionId?: unknown } }).data.auctionId === undefined
    ? decide(command, state, now)
    : decide(command, state, now);

/** Lenient about amounts: coerces a non-number amount with `Number()` instead of rejecting it. */
const coercesAmounts: Decide = (command, state, now) => {
  if (command.type === 'PlaceBid' && typeof command.data?.amount !== 'number')
    return decide({ ...command, data: { ...command.data, amount: Number(command.data.amount) } }, state, now);
  return decide(command, state, now);
};

describe('decide is total: any input at all is decided, never thrown at', () => {
  it('(f) rejects anything that is not a command as INVALID_COMMAND', () => {
    fc.assert(anythingIsRejected(decide), seeded(1000));
  });

  it('(f) rejects a known command type whose data is anything', () => {
    fc.assert(anyDataIsRejected(decide), seeded(500));
  });

  it('(f) never throws on commands of the right type with junk fields, and accepts only well-formed ones', () => {
    fc.assert(structuredJunkNeverThrows(decide), seeded(2000));
  });

  it('(f) accepts a command with one wrong field only if the field happens to be right', () => {
    fc.assert(oneWrongFieldIsCaught(decide), seeded(2000));
  });

  it.each([
    [
      'anything',
      'a decider reading fields before checking the shape',
      anythingIsRejected(readsBeforeValidating),
    ],
    ['one wrong field', 'a decider coercing amounts', oneWrongFieldIsCaught(coercesAmounts)],
  ])('(f) on %s catches %s', (_input, _bug, property) => {
    const details = fc.check(property as fc.IProperty<unknown[]>, {
      ...seeded(2000, false),
      endOnFailure: true,
    });
    expect(details.failed, 'the property did not catch the broken decider').toBe(true);
  });
});
