import { api } from './api';
import { h } from './dom';
import { parseMajorUnits } from './money';

/** The form that lists an item (`create-…` test ids); `onCreated` gets the new auction's id. */
export const createSellForm = (onCreated: (auctionId: string) => void): HTMLFormElement => {
  const field = (id: string, label: string, attributes: Record<string, string | boolean>) =>
    h('label', { for: id }, label, h('input', { id, name: id, testid: id, ...attributes }));
  const error = h('p', { class: 'error', role: 'alert', testid: 'create-error' });
  const form = h(
    'form',
    { 'aria-label': 'List an item' },
    field('create-title', 'Title', { required: true, maxlength: '200' }),
    field('create-price', 'Starting price ($)', {
      required: true,
      inputmode: 'decimal',
      placeholder: '10.00',
    }),
    field('create-minutes', 'Duration (minutes)', { required: true, inputmode: 'numeric', value: '10' }),
    field('create-reserve', 'Reserve ($, optional)', { inputmode: 'decimal' }),
    field('create-buy-now', 'Buy it now ($, optional)', { inputmode: 'decimal' }),
    h('button', { type: 'submit', testid: 'create-submit' }, 'List it'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
    const startingPrice = parseMajorUnits(value('create-price'), 'USD');
    const minutes = Number(value('create-minutes'));
    const optional = (id: string) => (value(id) === '' ? undefined : parseMajorUnits(value(id), 'USD'));
    const reservePrice = optional('create-reserve');
    const buyNowPrice = optional('create-buy-now');
    if (startingPrice === null || reservePrice === null || buyNowPrice === null) {
      error.textContent = 'Type amounts in dollars, e.g. 125.50';
      return;
    }
    if (!Number.isFinite(minutes) || minutes <= 0) {
      error.textContent = 'The duration is a number of minutes';
      return;
    }
    const result = await api.create({
      title: value('create-title'),
      startingPrice,
      durationMs: Math.round(minutes * 60_000),
      ...(reservePrice === undefined ? {} : { reservePrice }),
      ...(buyNowPrice === undefined ? {} : { buyNowPrice }),
    });
    if (result.ok) onCreated(result.value.auctionId);
    else error.textContent = result.message;
  });
  return form;
};
