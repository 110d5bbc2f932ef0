import type { AuctionOffers } from '../auction/auctionOffers';
import type { AuctionState } from '../auction/auctionState';
import type { AuctionCommand } from '../auction/commands';
import { decide } from '../auction/decide';
import type { BidRetracted } from '../auction/events';
import { retractionPolicyOf } from '../auction/retractionPolicy';
import { sameJson } from '../internal/sameJson';
import { recordedCommand } from '../replay/recordedCommand';
import type { Finding } from './finding';
import type { AmountFormatter } from './formatAmount';
import { formatDuration, formatInstant } from './formatDuration';
import { rejectionFinding } from './rejectionFinding';
import { withdrawnWords } from './retractionWords';

type RetractionData = BidRetracted['data'];

/** The fields of a `BidRetracted` that hold a secret (a max): named when they differ, never shown. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['leader', 'runnerUpMax']);

/** What a retraction left, in public words: the price and who leads (ids as recorded: for the operator). */
const result = (data: RetractionData, money: AmountFormatter): string => {
  const withdrew = withdrawnWords(data.scope, data.withdrawn);
  const price = typeof data.price === 'number' ? money(data.price) : 'no price';
  const leader = data.leaderId === null ? 'nobody leading' : `${String(data.leaderId)} leading`;
  return `withdrawing ${withdrew}, leaving ${price} with ${leader}`;
};

/** The data fields whose values differ (a field absent on one side differs from one present). */
const differingFields = (decided: RetractionData, recorded: RetractionData): string[] => {
  const a = decided as unknown as Record<string, unknown>;
  const b = recorded as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => !sameJson(a[key], b[key])).sort();
};

/** `RETRACTION_MISMATCH` when the decided and recorded retractions differ; null when they are equal. */
const mismatchFinding = (
  decided: BidRetracted,
  recorded: BidRetracted,
  version: number,
  money: AmountFormatter,
): Finding | null => {
  const fields = differingFields(decided.data, recorded.data);
  if (fields.length === 0) return null;
  const named = fields.map((field) => (SECRET_FIELDS.has(field) ? `${field} (secret)` : field));
  return {
    code: 'RETRACTION_MISMATCH',
    version,
    message: `${recorded.data.bidderId}'s retraction is recorded ${result(recorded.data, money)}, but the rules give ${result(decided.data, money)} (differs: ${named.join(', ')})`,
  };
};

/**
 * Why a retraction came too late, with the times: the time left, the policy's windows and when the
 * bidder's latest standing bid was made (the one a retraction this close to the end may withdraw).
 */
const tooLateMessage = (recorded: BidRetracted, state: AuctionState, offers: AuctionOffers): string => {
  const { bidderId, at } = recorded.data;
  const policy = state.rules === null ? null : retractionPolicyOf(state.rules);
  const latest = offers.latestBids.get(bidderId);
  const windows =
    policy === null
      ? ''
      : `with ${formatDuration(state.endsAt - at)} left (not more than ${formatDuration(policy.fullBeforeEndMs)}), only a bid under ${formatDuration(policy.latestWithinMs)} old may be withdrawn`;
  const bid =
    latest === undefined
      ? ''
      : `, and ${bidderId}'s latest was made at ${formatInstant(latest.at)}, ${formatDuration(at - latest.at)} before`;
  return `${bidderId}'s retraction at ${formatInstant(at)} is recorded as accepted, but the rules refuse it: ${windows}${bid}`;
};

/**
 * Re-decides a recorded `BidRetracted`: its `RetractBid` (rebuilt from the event) against `state`, the
 * fold of the events before it, at the event's own `at`, with `offers` folded from the same events.
 * `RETRACTION_REJECTED` (or `EVENT_AFTER_CLOSE`, `NOT_OPENED`, `WRONG_AUCTION`) when the rules refuse
 * it; `RETRACTION_MISMATCH` when they allow it with another result, naming the fields that differ and
 * the public result of each side (price and leader; a secret field, the leader's offer or the runner-up
 * max, is named, never shown). Null when the record is what the rules give.
 */
export const retractionFinding = (
  recorded: BidRetracted,
  state: AuctionState,
  offers: AuctionOffers,
  version: number,
  money: AmountFormatter,
): Finding | null => {
  // A BidRetracted always rebuilds its RetractBid.
  const command = recordedCommand(recorded) as AuctionCommand;
  const decision = decide(command, state, recorded.data.at, offers);
  if (!decision.ok) {
    const finding = rejectionFinding(recorded, decision, state, version, money);
    const late = decision.code === 'RETRACTION_NOT_ALLOWED' && decision.details.reason === 'too-late';
    return late ? { ...finding, message: tooLateMessage(recorded, state, offers) } : finding;
  }
  const decided = decision.events[0] as BidRetracted;
  return mismatchFinding(decided, recorded, version, money);
};
