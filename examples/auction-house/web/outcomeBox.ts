import type { PublicView } from '@gavel/core';
import { h, setText } from './dom';
import { outcomeLine } from './outcomeLine';

/** The outcome section of an auction's page, hidden until the auction is closed. */
export interface OutcomeBox {
  readonly element: HTMLElement;
  render(view: PublicView, ownId: string | undefined): void;
}

/**
 * The outcome: the element `outcome` holds the contract's text (the winner's masked id, or `unsold`);
 * the words around it speak to the reader ("You won (as nr5eyl6b) for $11.00.").
 */
export const createOutcomeBox = (): OutcomeBox => {
  const outcome = h('strong', { testid: 'outcome' });
  const before = h('span');
  const after = h('span');
  const text = h('p', { testid: 'outcome-text' }, before, outcome, after);
  const element = h(
    'section',
    { class: 'outcome-box', 'aria-labelledby': 'outcome-heading', hidden: true },
    h('h2', { id: 'outcome-heading' }, 'Outcome'),
    text,
  );
  return {
    element,
    render: (view, ownId) => {
      const closing = outcomeLine(view, ownId);
      setText(before, closing.before);
      setText(outcome, closing.outcome);
      setText(after, closing.after);
      text.classList.toggle('you-won', closing.youWon);
      element.hidden = closing.outcome === '';
    },
  };
};
