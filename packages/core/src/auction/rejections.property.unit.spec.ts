/**
 * Rejections as data: over random auctions, every rejection carries the details its code promises,
 * with the numbers the rules say (the minimum next bid of the view, the effective end, …), its message
 * names the wrong field or carries exactly those numbers, formatted (money in the auction's currency,
 * times in ISO 8601), and nothing else: no other number, so no secret max, ever reaches a message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type Engine, runScenario, scenarioArb, type Trace, type TraceStep } from '../../test/randomAuction';
import { formatMoney } from '../money/formatMoney';
import { type AuctionState, initialState } from './auctionState';
import type { AuctionCommand } from './commands';
import { decide } from './decide';
import type { Decision, Rejected, RejectionCode } from './decision';
import { evolve } from './evolve';
import { fold } from './fold';
import { publicView } from './publicView';

const engine: Engine = { decide, evolve, fold, initialState, publicView };

/** The keys of `details` for each code: the contract of `RejectionDetailsByCode`. */
const DETAIL_KEYS: Readonly<Record<RejectionCode, readonly string[]>> = {
  AUCTION_NOT_FOUND: [],
  AUCTION_ALREADY_EXISTS: [],
  AUCTION_NOT_STARTED: ['startsAt'],
  AUCTION_ENDED: ['endsAt'],
  AUCTION_CLOSED: ['status'],
  INVALID_COMMAND: ['field', 'atLeast', 'atMost'],
  SELLER_CANNOT_BID: [],
  BID_TOO_LOW: ['minimumNextBid'],
  ALREADY_LEADING: [],
  MAX_NOT_RAISED: ['currentMax'],
  BUY_NOW_UNAVAILABLE: [],
  NOT_ENDED: ['endsAt'],
  CANCEL_NOT_ALLOWED: ['reason'],
  RETRACTION_NOT_ALLOWED: ['reason'],
};
const MONEY = new Set(['minimumNextBid', 'currentMax', 'atLeast', 'atMost']);
const TIME = new Set(['startsAt', 'endsAt']);

const bidderOf = (command: AuctionCommand): string | null =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid'
    ? command.data.bidderId
    : command.type === 'BuyNow'
      ? command.data.buyerId
      : null;

/**
 * Checks one rejection's message against its details: the field named, each number present in its
 * formatted form, and once those are taken out, no digit left (ids quoted in the message aside).
 */
const checkMessage = (rejection: Rejected, currency: string, where: string): void => {
  expect(rejection.message.length, where).toBeGreaterThan(0);
  let rest = rejection.message.replace(/'[^']*'/g, "''");
  const details = rejection.details as Record<string, unknown>;
  for (const [key, value] of Object.entries(details)) {
    // A reason is said in words; every other detail appears in the message as it is formatted here.
    if (key === 'reason') continue;
    let shown: string;
    if (MONEY.has(key)) shown = formatMoney(value as number, currency);
    else if (TIME.has(key)) shown = new Date(value as number).toISOString();
    else shown = String(value);
    expect(rejection.message, `${where}: ${key}`).toContain(shown);
    rest = rest.split(shown).join('');
  }
  expect(rest, `${where}: a number the details do not carry`).not.toMatch(/[0-9]/);
};

/** Checks the details of a rejection in a trace against the state it was decided on. */
const checkDetails = (step: TraceStep, rejection: Rejected, where: string): void => {
  const { before, now, command } = step;
  const details = rejection.details as Record<string, unknown>;
  for (const key of Object.keys(details))
    expect(DETAIL_KEYS[rejection.code], `${where}: ${key}`).toContain(key);
  const view = publicView(before, now);
  switch (rejection.code) {
    case 'BID_TOO_LOW':
      // The minimum the public view shows: the least a newcomer may bid.
      expect(details, where).toStrictEqual({ minimumNextBid: view?.minimumNextBid });
      break;
    case 'AUCTION_ENDED':
      expect(details, where).toStrictEqual({ endsAt: before.endsAt });
      expect(view?.status, where).toBe('ended');
      break;
    case 'NOT_ENDED':
      expect(details, where).toStrictEqual({ endsAt: before.endsAt });
      break;
    case 'AUCTION_NOT_STARTED':
      expect(details, where).toStrictEqual({ startsAt: before.rules?.startsAt });
      expect(view?.status, where).toBe('scheduled');
      break;
    case 'AUCTION_CLOSED':
      expect(details, where).toStrictEqual({ status: before.status });
      break;
    case 'MAX_NOT_RAISED':
      // Only to the leader, and only their own max.
      expect(bidderOf(command), where).toBe(before.leader?.bidderId);
      expect(details, where).toStrictEqual({ currentMax: before.leader?.max });
      break;
    case 'CANCEL_NOT_ALLOWED':
      expect(details, where).toStrictEqual({
        reason:
          command.type === 'CancelAuction' && command.data.by !== before.rules?.sellerId
            ? 'not-seller'
            : 'has-bids',
      });
      break;
    case 'INVALID_COMMAND':
      expect(typeof details.field, where).toBe('string');
      if (details.atMost !== undefined) expect(details.atMost, where).toBe(before.rules?.maxAmount);
      break;
    default:
      expect(details, where).toStrictEqual({});
  }
};

const rejectionsOf = (trace: Trace): [TraceStep, Rejected][] =>
  trace.steps.flatMap((step) => (step.decision.ok ? [] : [[step, step.decision] as [TraceStep, Rejected]]));

const rejectionsSayWhatTheyMean = (subject: Engine) =>
  fc.property(scenarioArb(), (scenario) => {
    const trace = runScenario(subject, scenario);
    for (const [step, rejection] of rejectionsOf(trace)) {
      const where = `${JSON.stringify(step.command)} at ${step.now} -> ${JSON.stringify(rejection)}`;
      checkDetails(step, rejection, where);
      checkMessage(rejection, step.before.rules?.currency ?? scenario.open.currency, where);
    }
  });

// ---- broken deciders: each a message or a detail gone wrong ---------------------------------------------

const reworded = (transform: (decision: Rejected, state: AuctionState) => Rejected): Engine => ({
  ...engine,
  decide: (command, state, now): Decision => {
    const decision = decide(command, state, now);
    return decision.ok ? decision : transform(decision, state);
  },
});

/** The minimum next bid in bare minor units, as before. */
const bareMinorUnits = reworded((d) =>
  d.code === 'BID_TOO_LOW' ? { ...d, message: `The minimum next bid is ${d.details.minimumNextBid}` } : d,
);
/** The minimum next bid one increment off. */
const detailOff = reworded((d) =>
  d.code === 'BID_TOO_LOW' ? { ...d, details: { minimumNextBid: d.details.minimumNextBid + 1 } } : d,
);
/** A rejection that tells a bidder the leader's max. */
const leaksLeaderMax = reworded((d, state) =>
  d.code === 'BID_TOO_LOW' && state.leader !== null
    ? { ...d, message: `${d.message} (the leader will go to ${state.leader.max})` }
    : d,
);
/** The end time as a raw number. */
const rawEnd = reworded((d) =>
  d.code === 'AUCTION_ENDED' ? { ...d, message: `Auction ended at ${d.details.endsAt}` } : d,
);

describe('rejections carry their numbers as data, and their messages say them', () => {
  it('over random auctions: details by code, with the rules’ numbers; messages formatted, nothing else', () => {
    fc.assert(rejectionsSayWhatTheyMean(engine), seeded(300));
  });

  it.each([
    ['a minimum next bid in minor units', bareMinorUnits],
    ['a minimum next bid off by one', detailOff],
    ["a message with the leader's max", leaksLeaderMax],
    ['an end time as a raw number', rawEnd],
  ])('catches %s', (_bug, subject) => {
    const details = fc.check(rejectionsSayWhatTheyMean(subject), {
      ...seeded(500, false),
      endOnFailure: true,
    });
    expect(details.failed, 'the property did not catch the broken decider').toBe(true);
  });
});
