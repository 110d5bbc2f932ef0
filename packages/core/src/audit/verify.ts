import { addToAuctionOffers, emptyAuctionOffers } from '../auction/auctionOffers';
import { type AuctionState, initialState } from '../auction/auctionState';
import { decide } from '../auction/decide';
import { evolve } from '../auction/evolve';
import { recordedCommand } from '../replay/recordedCommand';
import type { AuditInputEvent } from './auditInput';
import { decisionFindings, type VersionedEvent } from './decisionFindings';
import { type AuditEvent, decodeAuditEvents } from './decodeAuditEvents';
import type { Finding, VerifyResult } from './finding';
import { amountFormatter } from './formatAmount';
import { formatInstant } from './formatDuration';
import { rejectionFinding } from './rejectionFinding';
import { retractionFinding } from './retractionFinding';

/** The event as `verify` folds it: every readable one (the decoder checked its fields). */
const foldedEvent = (item: AuditEvent) => (item.ok ? item.event : null);

/** Versions must run 1, 2, 3, …; `data.at` must never go back. */
const sequenceFindings = (decoded: readonly AuditEvent[]): Finding[] => {
  const findings: Finding[] = [];
  let previousVersion = 0;
  let previousAt: number | null = null;
  for (const item of decoded) {
    if (item.version !== previousVersion + 1)
      findings.push({
        code: 'VERSION_GAP',
        version: item.version,
        message:
          previousVersion === 0
            ? `the stream starts at version ${item.version}, not 1`
            : item.version > previousVersion + 1
              ? `version ${item.version} follows version ${previousVersion}: ${item.version - previousVersion - 1} event(s) missing`
              : `version ${item.version} follows version ${previousVersion}`,
      });
    previousVersion = item.version;
    if (item.at !== null) {
      if (previousAt !== null && item.at < previousAt)
        findings.push({
          code: 'TIME_WENT_BACKWARDS',
          version: item.version,
          message: `recorded at ${formatInstant(item.at)}, before the event before it (${formatInstant(previousAt)})`,
        });
      previousAt = item.at;
    }
  }
  return findings;
};

/**
 * Verifies an auction stream against the rules it was opened with: re-decides each recorded decision
 * (rebuilt from its first event) against the state folded so far, at the event's own `data.at`, and
 * reports every difference as a {@link Finding} with a code: a close whose winner, price or outcome
 * differs; a bid at or after the effective end, or one the rules reject; a retraction the rules refuse
 * (`RETRACTION_REJECTED`) or recorded with another result than they give (`RETRACTION_MISMATCH`);
 * versions that are not consecutive; time going backwards; a soft-close extension not called for,
 * missing or wrong; unknown event types or schema versions. It goes on after a finding, folding the
 * events as recorded, so that one tampering does not hide another. A stream the command service wrote
 * has no finding.
 *
 * A retraction is re-decided with the auction's offers (`auctionOffers`) folded from the same events
 * as the state, brought up to date only when a retraction comes, as `replayAuctionHistory` does: a
 * stream without one pays nothing for them.
 *
 * Pure, total (never throws) and O(n).
 */
export const verify = (events: readonly AuditInputEvent[]): VerifyResult => {
  const decoded = decodeAuditEvents(events);
  const findings = sequenceFindings(decoded);
  let state: AuctionState = initialState();
  let money = amountFormatter('USD');
  // The offers a retraction is decided with, of the events folded before `offersUpTo`.
  const offers = emptyAuctionOffers();
  let offersUpTo = 0;
  let i = 0;
  while (i < decoded.length) {
    const item = decoded[i] as AuditEvent;
    i++;
    if (!item.ok) {
      findings.push({ code: item.code, version: item.version, message: item.message });
      continue;
    }
    const event = item.event;
    if (event.type === 'BidRetracted') {
      for (; offersUpTo < i - 1; offersUpTo++) {
        const folded = foldedEvent(decoded[offersUpTo] as AuditEvent);
        if (folded !== null) addToAuctionOffers(offers, [folded]);
      }
      const finding = retractionFinding(event, state, offers, item.version, money);
      if (finding !== null) findings.push(finding);
      state = evolve(state, event);
      continue;
    }
    const command = recordedCommand(event);
    if (command === null) {
      findings.push({
        code: 'EXTENSION_NOT_CALLED_FOR',
        version: item.version,
        message: 'an extension is recorded that no bid called for',
      });
      state = evolve(state, event);
      continue;
    }
    const group: VersionedEvent[] = [{ version: item.version, event }];
    const next = decoded[i];
    if (
      (event.type === 'BidPlaced' || event.type === 'MaxBidSet') &&
      next?.ok === true &&
      next.event.type === 'AuctionExtended'
    ) {
      group.push({ version: next.version, event: next.event });
      i++;
    }
    if (event.type === 'AuctionOpened' && state.rules === null)
      money = amountFormatter(String(event.data.currency));
    const decision = decide(command, state, item.at ?? Number.NaN);
    if (!decision.ok) findings.push(rejectionFinding(event, decision, state, item.version, money));
    else for (const finding of decisionFindings(decision.events, group, money)) findings.push(finding);
    for (const recorded of group) state = evolve(state, recorded.event);
  }
  findings.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  return { ok: findings.length === 0, findings };
};
