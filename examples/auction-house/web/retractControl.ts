import type { RetractionReason, RetractionScope } from '@gavel/core';
import { api } from './api';
import { h, setText } from './dom';
import { getState, type PageState, retractionAccepted } from './pageState';
import { refreshStanding } from './refreshStanding';

/** The reasons eBay accepts for a retraction, as the select offers them. */
const REASONS: readonly (readonly [RetractionReason, string])[] = [
  ['typo', 'I typed the wrong amount'],
  ['description-changed', "The item's description changed"],
  ['seller-unreachable', 'I cannot reach the seller'],
];

const SCOPE_TEXT: Readonly<Record<RetractionScope, string>> = {
  all: 'Withdraws all your bids on this auction.',
  latest: 'Withdraws your latest bid: your offer goes back to what it was before it.',
};

/** The longest wait of one timer (setTimeout's limit is about 24.8 days; an auction lasts up to 90). */
const MAX_TIMER_MS = 86_400_000;

/** The "Retract my bid" control of an auction's page: its element, and `render` for each state. */
export interface RetractControl {
  readonly element: HTMLElement;
  readonly render: (page: PageState) => void;
}

/**
 * A form (`retract-bid`) with the reason (`retract-reason`) and a button, shown only while the user may
 * retract (`you.retraction` of the API not null, the auction open). It calls the route and says what
 * came of it (`retract-result`); the price falls back with the answer's view and the feed. The user's
 * standing is read again after a retraction and when the window it shows closes by the clock.
 */
export const createRetractControl = (auctionId: string): RetractControl => {
  const reason = h(
    'select',
    { id: 'retract-reason', name: 'retract-reason', testid: 'retract-reason' },
    ...REASONS.map(([value, label]) => h('option', { value }, label)),
  );
  const scope = h('p', { class: 'muted', testid: 'retract-scope' });
  const submit = h(
    'button',
    { type: 'submit', class: 'secondary', testid: 'retract-submit' },
    'Retract my bid',
  );
  const form = h(
    'form',
    { 'aria-label': 'Retract my bid', testid: 'retract-bid', hidden: true },
    h('label', { for: 'retract-reason' }, 'Retract my bid: why?', reason),
    submit,
    scope,
  );
  const result = h('p', { role: 'status', testid: 'retract-result' });
  const element = h('div', { class: 'retract' }, form, result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const answer = await api.retract(auctionId, reason.value as RetractionReason);
    submit.disabled = false;
    if (!answer.ok) {
      result.className = 'error';
      setText(result, answer.code === 'UNAUTHENTICATED' ? 'Sign in to retract a bid.' : answer.message);
      void refreshStanding(auctionId);
      return;
    }
    result.className = '';
    setText(result, 'Your bid was retracted.');
    retractionAccepted(auctionId, answer.value.view, answer.value.version);
    void refreshStanding(auctionId, answer.value.version);
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedUntil: number | null = null;
  /** Reads the standing again once the window shown closes by the clock (or a day from now, at most). */
  const watchUntil = (until: number | null, skewMs: number): void => {
    if (until === timedUntil) return;
    timedUntil = until;
    clearTimeout(timer);
    if (until === null) return;
    const wait = Math.min(Math.max(until - (Date.now() + skewMs), 0) + 50, MAX_TIMER_MS);
    timer = setTimeout(() => {
      timedUntil = null;
      void refreshStanding(auctionId);
    }, wait);
  };

  const render = (page: PageState): void => {
    const standing = page.standings[auctionId];
    const open = page.auctions[auctionId]?.view.status === 'open';
    const allowed =
      open && standing !== undefined && standing.retraction !== null ? standing.retraction : null;
    form.hidden = allowed === null;
    setText(scope, allowed === null ? '' : SCOPE_TEXT[allowed]);
    watchUntil(allowed === null ? null : (standing?.retractionUntil ?? null), page.skewMs);
  };
  render(getState());
  return { element, render };
};
