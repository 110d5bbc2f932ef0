import type { PublicHistoryEntry } from '@gavel/core';
import { h } from './dom';
import { beatenText, historyText } from './historyText';

/**
 * The lines of one history entry: one, or two for an automatic bid that beat an offer (as eBay shows
 * it: the beaten offer with its amount and bidder, then the automatic answer), each with its time.
 */
export const historyLines = (
  entry: PublicHistoryEntry,
  currency: string,
  ownId: string | undefined,
): HTMLLIElement[] => {
  const time = new Date(entry.at).toLocaleTimeString('en-US');
  const isYou = (bidder: string | null): 'true' | undefined =>
    bidder !== null && bidder === ownId ? 'true' : undefined;
  const named = entry.kind === 'bid' || entry.kind === 'closed';
  const attributes = { 'data-kind': entry.kind, 'data-you': named ? isYou(entry.bidder) : undefined };
  const text = `${time}: ${historyText(entry, currency, ownId)}`;
  if (entry.kind !== 'bid') return [h('li', attributes, text)];
  const answer = h(
    'li',
    { ...attributes, 'data-automatic': String(entry.automatic) },
    text,
    entry.automatic
      ? h('span', { class: 'tag', title: "The engine bid for this bidder's maximum" }, 'automatic')
      : null,
  );
  const beaten = entry.beaten;
  if (beaten === undefined) return [answer];
  return [
    h(
      'li',
      { 'data-kind': 'beaten', 'data-you': isYou(beaten.bidder) },
      `${time}: ${beatenText(beaten, currency, ownId)}`,
    ),
    answer,
  ];
};
