import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type Engine, runScenario, scenarioArb } from '../../test/randomAuction';
import { retractionScenarioArb, runRetractionScenario } from '../../test/randomRetractions';
import { initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import type { AuctionEvent, AuctionEventType } from '../auction/events';
import { evolve } from '../auction/evolve';
import { fold } from '../auction/fold';
import { publicView } from '../auction/publicView';
import { openAuctionCommand, TEST_AUCTION_START } from '../testing/openAuctionCommand';
import {
  isAuctionCancelled,
  isAuctionClosed,
  isAuctionExtended,
  isAuctionOpened,
  isBidPlaced,
  isBidRetracted,
  isMaxBidSet,
} from './auctionEventGuards';
import { isAuctionEvent } from './auctionEventTypes';
import { auctionEventProblem, decodeAuctionEvent } from './decodeAuctionEvent';
import { CURRENT_SCHEMA_VERSIONS } from './upcasters';

const engine: Engine = { decide, evolve, fold, initialState, publicView };

const GUARDS = {
  AuctionOpened: isAuctionOpened,
  BidPlaced: isBidPlaced,
  MaxBidSet: isMaxBidSet,
  AuctionExtended: isAuctionExtended,
  AuctionClosed: isAuctionClosed,
  AuctionCancelled: isAuctionCancelled,
  BidRetracted: isBidRetracted,
} as const;

type Kind = 'string' | 'number' | 'object' | 'array';
/** A field an event's data promises: its kind, and whether it may be absent or null. */
interface Field {
  readonly kind: Kind;
  readonly optional?: boolean;
  readonly nullable?: boolean;
}
const S: Field = { kind: 'string' };
const N: Field = { kind: 'number' };
const optS: Field = { kind: 'string', optional: true };
const optN: Field = { kind: 'number', optional: true };
const nullN: Field = { kind: 'number', nullable: true };

/** What `events.ts` promises of each event's data, written out again, independently of the guards. */
const PROMISED: Readonly<Record<AuctionEventType, Readonly<Record<string, Field>>>> = {
  AuctionOpened: {
    auctionId: S,
    at: N,
    sellerId: S,
    currency: S,
    startingPrice: N,
    reservePrice: optN,
    buyNowPrice: optN,
    increments: { kind: 'array' },
    startsAt: N,
    endsAt: N,
    softClose: { kind: 'object', optional: true },
    belowReserve: S,
    maxAmount: N,
    retraction: { kind: 'object', optional: true, nullable: true },
  },
  BidPlaced: { auctionId: S, at: N, bidId: S, bidderId: S, amount: N },
  MaxBidSet: { auctionId: S, at: N, bidId: S, bidderId: S, maxAmount: N },
  AuctionExtended: { auctionId: S, at: N, previousEndsAt: N, endsAt: N },
  AuctionClosed: { auctionId: S, at: N, outcome: S, winnerId: optS, price: optN, reason: optS },
  AuctionCancelled: { auctionId: S, at: N, by: S, reason: optS },
  BidRetracted: {
    auctionId: S,
    at: N,
    bidderId: S,
    reason: S,
    scope: S,
    bidId: S,
    withdrawn: N,
    leaderId: { kind: 'string', nullable: true },
    leader: { kind: 'object', nullable: true },
    runnerUpMax: nullN,
    price: nullN,
  },
};

/** The fields of the objects inside an event's data, by the path of the object. */
const NESTED: Readonly<Record<string, Readonly<Record<string, Field>>>> = {
  softClose: { windowMs: N, extendMs: N, maxEndsAt: optN, from: optS },
  retraction: { fullBeforeEndMs: N, latestWithinMs: N },
  leader: { bidderId: S, bidId: S, max: N, floor: N, seq: N },
  'increments.0': { from: N, increment: N },
};

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * Values of every kind: those a field does not allow are its wrong values. One of the field's own kind
 * is left out (an object's own fields are checked by their paths).
 */
const CANDIDATES: readonly unknown[] = [true, 'x', 7, { a: 1 }, [], null, undefined];

const isAllowed = (field: Field, value: unknown): boolean =>
  kindOf(value) === field.kind ||
  (value === null && field.nullable === true) ||
  (value === undefined && field.optional === true);

/** The field `key` of `holder` when it is an object (or an array), else undefined. */
const fieldOf = (holder: unknown, key: string): unknown =>
  typeof holder === 'object' && holder !== null ? Reflect.get(holder, key) : undefined;

/** Every path to a promised field that the data holds objects for (the nested ones when present). */
const pathsOf = (event: AuctionEvent): [string, Field][] => {
  const paths: [string, Field][] = Object.entries(PROMISED[event.type]);
  for (const [parent, fields] of Object.entries(NESTED)) {
    const holder = parent.split('.').reduce<unknown>(fieldOf, event.data);
    if (typeof holder === 'object' && holder !== null)
      for (const [name, field] of Object.entries(fields)) paths.push([`${parent}.${name}`, field]);
  }
  return paths;
};

/** The event with the field at `path` set to `value` (deleted when `value` is undefined). */
const withField = (event: AuctionEvent, path: string, value: unknown): { type: string; data: unknown } => {
  const data = structuredClone(event.data);
  const keys = path.split('.');
  const holder = keys.slice(0, -1).reduce<unknown>(fieldOf, data) as object;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) Reflect.deleteProperty(holder, last);
  else Reflect.set(holder, last, value);
  return { type: event.type, data };
};

/** The events of an auction opened, then cancelled by its seller (rare in the random auctions). */
const cancelledAuction = (reason: string | undefined): readonly AuctionEvent[] => {
  const open = openAuctionCommand('c1');
  const opened = decide(open, initialState(), TEST_AUCTION_START);
  if (!opened.ok) throw new Error(opened.message);
  const by = open.data.sellerId;
  const cancelled = decide(
    { type: 'CancelAuction', data: { auctionId: 'c1', by, ...(reason === undefined ? {} : { reason }) } },
    fold(opened.events),
    TEST_AUCTION_START + 1,
  );
  if (!cancelled.ok) throw new Error(cancelled.message);
  return [...opened.events, ...cancelled.events];
};

/** Every event the decider records over random auctions, with and without retractions. */
const decidedEvents = fc.oneof(
  scenarioArb(40).map((scenario) => runScenario(engine, scenario).events),
  retractionScenarioArb(30).map((scenario) => runRetractionScenario(scenario).events),
  fc.option(fc.string({ minLength: 1 }), { nil: undefined }).map(cancelledAuction),
);

describe('the type guards and the decoder, against what the decider records', () => {
  it('accept every event the decider records, as decided and as stored (JSON)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(decidedEvents, (events) => {
        for (const event of events) {
          seen.add(event.type);
          const stored = JSON.parse(JSON.stringify(event)) as { type: string; data: unknown };
          for (const form of [event, stored]) {
            expect(isAuctionEvent(form), JSON.stringify(form)).toBe(true);
            for (const [type, guard] of Object.entries(GUARDS)) expect(guard(form)).toBe(type === event.type);
            expect(decodeAuctionEvent(form)).toBe(form);
            expect(auctionEventProblem(form)).toBeNull();
          }
        }
      }),
      seeded(60),
    );
    expect([...seen].sort()).toEqual(Object.keys(GUARDS).sort());
  });

  it('refuse data with any promised field missing or of the wrong type, naming the field', () => {
    fc.assert(
      fc.property(decidedEvents, fc.nat(), (events, pick) => {
        if (events.length === 0) return;
        const event = events[pick % events.length] as AuctionEvent;
        for (const [path, field] of pathsOf(event)) {
          for (const value of CANDIDATES) {
            if (kindOf(value) === field.kind) continue;
            const changed = withField(event, path, value);
            const accepted = isAllowed(field, value);
            const what = `${event.type} ${path} = ${String(JSON.stringify(value))}`;
            expect(isAuctionEvent(changed), what).toBe(accepted);
            expect(GUARDS[event.type](changed), what).toBe(accepted);
            // Written at today's schema version, so that no upcaster fills a field in (a version 1
            // BidPlaced has no bidId: its upcaster gives it one).
            const stored = { ...changed, metadata: { schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type] } };
            expect(decodeAuctionEvent(stored) !== null, what).toBe(accepted);
            const problem = auctionEventProblem(stored);
            if (accepted) expect(problem, what).toBeNull();
            else
              expect(problem, what).toEqual({
                code: 'MALFORMED_EVENT',
                message: `${event.type} data.${path.split('.')[0]} is missing or not of its type`,
              });
          }
        }
      }),
      seeded(40),
    );
  });

  it('refuse data that is not an object, and an unknown type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(GUARDS) as AuctionEventType[])),
        fc.oneof(fc.constant(null), fc.string(), fc.double(), fc.boolean(), fc.array(fc.anything())),
        (type, data) => {
          expect(GUARDS[type]({ type, data })).toBe(false);
          expect(decodeAuctionEvent({ type, data })).toBeNull();
          expect(auctionEventProblem({ type, data })).toEqual({
            code: 'MALFORMED_EVENT',
            message: Array.isArray(data)
              ? expect.stringContaining(`${type} data.`)
              : `${type} has no data object`,
          });
        },
      ),
      seeded(100),
    );
    expect(auctionEventProblem({ type: 'Noted', data: {} })).toEqual({
      code: 'UNKNOWN_EVENT_TYPE',
      message: "unknown event type 'Noted'",
    });
    expect(decodeAuctionEvent({ type: 'Noted', data: {} })).toBeNull();
  });
});
