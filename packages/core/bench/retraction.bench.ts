/**
 * What deciding a `RetractBid` costs on one auction of 10, 1 000 and 10 000 accepted bids (bidStream's:
 * five bidders in turn, proxies and straight bids), for both scopes ('all': more than 12 hours left;
 * 'latest': the last bid, in the last 12 hours), the last bid's bidder retracting:
 * - `auctionOffers(events)`: folding the stream into every bidder's standing bids, what the command
 *   service pays once per auction, at the first retraction it is asked for there (plus the read);
 * - `decide(retract, state, now, offers)` with those offers: what every retraction pays (the service
 *   keeps the offers up to date with each write afterwards);
 * - both together: the first retraction on an auction; `fold(events)` beside them for scale.
 * Run: `pnpm --filter @gavel/core bench -- retraction` (`--quick`: fewer samples; `--json <file>`).
 */
import {
  type AuctionCommand,
  type AuctionEvent,
  auctionOffers,
  type BidRetracted,
  decide,
  fold,
  replayAuctionHistory,
} from '../src/index';
import { machineLine, markdownTable, quick, whole, writeJsonResults } from './benchRuns';
import { bidStream } from './bidStream';
import { type Measurement, measure } from './measure';

const SIZES = [10, 1_000, 10_000];
const HOUR = 3_600_000;
/** Bids folded per sample of `auctionOffers`/`fold`, and decisions per sample of `decide`. */
const BIDS_PER_SAMPLE = 400_000;
const DECISIONS_PER_SAMPLE = 4_000;
const samples = { warmupSamples: quick ? 1 : 2, samples: quick ? 3 : 9 };

/** One auction, a retraction to decide on it, and its offers, checked to be what the rules give. */
interface Case {
  readonly bids: number;
  readonly scope: BidRetracted['data']['scope'];
  readonly events: readonly AuctionEvent[];
  readonly command: AuctionCommand;
  readonly now: number;
  /** How many bids the retraction withdraws. */
  readonly withdrawn: number;
}

const caseOf = (bids: number, scope: Case['scope']): Case => {
  const { events: stream } = bidStream(bids);
  // bidStream's bid i is decided at i + 1: the last one at `bids`. Retracting two ms later leaves it
  // inside the latest-bid window; 'latest' needs an end within 12 hours, so that stream ends an hour on.
  const now = bids + 2;
  const [opened, ...rest] = stream;
  if (opened?.type !== 'AuctionOpened') throw new Error('bench stream: no opening');
  const events =
    scope === 'all' ? stream : [{ ...opened, data: { ...opened.data, endsAt: now + HOUR } }, ...rest];
  replayAuctionHistory(events); // the (re-dated) stream is one the rules write
  const last = events.at(-1);
  if (last?.type !== 'BidPlaced' && last?.type !== 'MaxBidSet') throw new Error('bench stream: no bid last');
  const command: AuctionCommand = {
    type: 'RetractBid',
    data: { auctionId: last.data.auctionId, bidderId: last.data.bidderId, reason: 'typo' },
  };
  const offers = auctionOffers(events);
  const decision = decide(command, offers.state, now, offers);
  const retracted = decision.ok ? decision.events[0] : undefined;
  if (retracted?.type !== 'BidRetracted' || retracted.data.scope !== scope)
    throw new Error(`bench: the retraction is not accepted with scope ${scope}: ${JSON.stringify(decision)}`);
  return { bids, scope, events, command, now, withdrawn: retracted.data.withdrawn };
};

interface Row {
  readonly bids: number;
  readonly scope: Case['scope'];
  readonly withdrawn: number;
  readonly fold: Measurement;
  readonly offers: Measurement;
  readonly decide: Measurement;
  readonly both: Measurement;
}

const rows: Row[] = [];
for (const bids of SIZES)
  for (const scope of ['all', 'latest'] as const) {
    const c = caseOf(bids, scope);
    const offers = auctionOffers(c.events);
    const state = offers.state;
    const foldRuns = Math.max(1, Math.round(BIDS_PER_SAMPLE / bids));
    const perStream = { unitsPerRun: 1, runsPerSample: foldRuns, ...samples };
    const perDecision = { unitsPerRun: 1, runsPerSample: DECISIONS_PER_SAMPLE, ...samples };
    rows.push({
      bids,
      scope,
      withdrawn: c.withdrawn,
      fold: measure(() => fold(c.events), perStream),
      offers: measure(() => auctionOffers(c.events), perStream),
      decide: measure(() => decide(c.command, state, c.now, offers), perDecision),
      both: measure(() => {
        const read = auctionOffers(c.events);
        return decide(c.command, read.state, c.now, read);
      }, perStream),
    });
    console.error(`measured ${bids} bids, scope ${scope}`);
  }

const us = (m: Measurement): string => (m.nsPerUnit / 1e3).toFixed(m.nsPerUnit < 1e4 ? 2 : 1);
console.log(machineLine());
console.log(
  `\nMedian of ${samples.samples} samples after ${samples.warmupSamples} of warm-up, wall clock (µs per call)${quick ? ' — QUICK run: few samples, for checking that the benchmark works, not for numbers' : ''}.\n`,
);
console.log(
  markdownTable(
    [
      'bids',
      'scope',
      'bids withdrawn',
      '`fold` µs',
      '`auctionOffers` µs',
      '`decide` µs (offers kept)',
      'first retraction µs (offers + decide)',
      'ns per bid (first)',
    ],
    rows.map((r) => [
      whole(r.bids),
      r.scope,
      whole(r.withdrawn),
      us(r.fold),
      us(r.offers),
      us(r.decide),
      us(r.both),
      (r.both.nsPerUnit / r.bids).toFixed(0),
    ]),
    [true, false, true, true, true, true, true, true],
  ),
);
writeJsonResults({
  benchmark: 'retraction',
  machine: machineLine(),
  quick,
  rows: rows.map((r) => ({
    bids: r.bids,
    scope: r.scope,
    withdrawn: r.withdrawn,
    foldNs: r.fold.nsPerUnit,
    offersNs: r.offers.nsPerUnit,
    decideNs: r.decide.nsPerUnit,
    firstRetractionNs: r.both.nsPerUnit,
  })),
});
