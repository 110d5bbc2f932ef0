import type { AuctionEvent, AuctionExtended } from '../auction/events';
import { sameJson } from '../internal/sameJson';
import type { Finding } from './finding';
import type { AmountFormatter } from './formatAmount';
import { formatInstant } from './formatDuration';

/** A recorded event with its stream version. */
export interface VersionedEvent {
  readonly version: number;
  readonly event: AuctionEvent;
}

const closeWords = (
  data: Extract<AuctionEvent, { type: 'AuctionClosed' }>['data'],
  money: AmountFormatter,
): string =>
  data.outcome === 'sold'
    ? `sold to ${data.winnerId} at ${data.price === undefined ? '?' : money(data.price)}`
    : `unsold (${data.reason ?? 'no reason'})`;

const extensionFindings = (
  decided: AuctionExtended | undefined,
  recorded: VersionedEvent | undefined,
  bid: VersionedEvent,
): Finding[] => {
  if (decided === undefined && recorded === undefined) return [];
  if (decided !== undefined && recorded === undefined)
    return [
      {
        code: 'EXTENSION_MISSING',
        version: bid.version,
        message: `this bid came inside the soft-close window and moved the price or the leader, so the end should have moved to ${formatInstant(decided.data.endsAt)}; no extension is recorded`,
      },
    ];
  const ext = (recorded as VersionedEvent).event as AuctionExtended;
  if (decided === undefined)
    return [
      {
        code: 'EXTENSION_NOT_CALLED_FOR',
        version: (recorded as VersionedEvent).version,
        message: `an extension to ${formatInstant(ext.data.endsAt)} is recorded, but the bid before it called for none`,
      },
    ];
  if (sameJson(decided.data, ext.data)) return [];
  return [
    {
      code: 'EXTENSION_WRONG',
      version: (recorded as VersionedEvent).version,
      message: `the end is recorded moved from ${formatInstant(ext.data.previousEndsAt)} to ${formatInstant(ext.data.endsAt)}, but the rules move it from ${formatInstant(decided.data.previousEndsAt)} to ${formatInstant(decided.data.endsAt)}`,
    },
  ];
};

/**
 * Compares an accepted decision with what the stream recorded for it (the decision's first event, and
 * for a bid the extension recorded right after it, if any).
 */
export const decisionFindings = (
  decided: readonly AuctionEvent[],
  recorded: readonly VersionedEvent[],
  money: AmountFormatter,
): Finding[] => {
  const first = recorded[0] as VersionedEvent;
  const event = first.event;
  switch (event.type) {
    case 'BidPlaced':
    case 'MaxBidSet':
      return extensionFindings(decided[1] as AuctionExtended | undefined, recorded[1], first);
    case 'AuctionOpened':
      return sameJson(decided[0]?.data, event.data)
        ? []
        : [
            {
              code: 'OPEN_REJECTED',
              version: first.version,
              message:
                'the recorded rules are not what opening the auction with them records (a field was altered)',
            },
          ];
    case 'AuctionClosed': {
      const rules = decided[0];
      if (rules === undefined || rules.type !== 'AuctionClosed')
        return [{ code: 'EVENT_AFTER_CLOSE', version: first.version, message: 'a second close is recorded' }];
      const want = rules.data;
      const got = event.data;
      const message = `recorded ${closeWords(got, money)}, but the rules give ${closeWords(want, money)}`;
      const findings: Finding[] = [];
      if (want.outcome !== got.outcome || want.reason !== got.reason)
        findings.push({ code: 'CLOSE_OUTCOME_MISMATCH', version: first.version, message });
      else {
        if (want.winnerId !== got.winnerId)
          findings.push({ code: 'CLOSE_WINNER_MISMATCH', version: first.version, message });
        if (want.price !== got.price)
          findings.push({ code: 'CLOSE_PRICE_MISMATCH', version: first.version, message });
      }
      return findings;
    }
    default:
      return [];
  }
};
