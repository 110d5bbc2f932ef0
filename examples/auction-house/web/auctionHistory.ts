import type { PublicHistoryEntry } from '@gavel/core';
import { h } from './dom';
import { historyLines } from './historyLines';

/** The history section of an auction's page. */
export interface AuctionHistory {
  readonly element: HTMLElement;
  /** Shows `history`; rebuilt only when the history or the reader's own masked id changed. */
  render(history: readonly PublicHistoryEntry[] | null, currency: string, ownId: string | undefined): void;
}

/** The auction's history, one line per entry (two where an automatic bid beat an offer). */
export const createAuctionHistory = (): AuctionHistory => {
  const list = h('ol', { class: 'history', testid: 'history' });
  let shownHistory: readonly PublicHistoryEntry[] | null = null;
  let shownOwnId: string | undefined;
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'History'),
      list,
    ),
    render: (history, currency, ownId) => {
      if (history === null || (history === shownHistory && ownId === shownOwnId)) return;
      shownHistory = history;
      shownOwnId = ownId;
      list.replaceChildren(...history.flatMap((entry) => historyLines(entry, currency, ownId)));
    },
  };
};
