import { h } from './dom';
import {
  cleanSearch,
  LIST_SORTS,
  LIST_STATUSES,
  type ListQuery,
  type ListSort,
  type ListStatus,
  MAX_SEARCH_LENGTH,
  SORT_LABELS,
  STATUS_LABELS,
} from './listQuery';

/** How a change enters the browser's history: a new entry, or in place of the current one (typing). */
export type HistoryMode = 'push' | 'replace';

/** The list's controls: sort, status filter and search (`list-sort`, `list-status`, `list-search`). */
export interface ListControls {
  readonly element: HTMLElement;
  /** Shows `query` in the controls (the page opened, or went back or forward). */
  readonly show: (query: ListQuery) => void;
}

/** How long typing pauses before the list follows the search box. */
const TYPING_PAUSE_MS = 400;

/**
 * Creates the controls. `onChange` receives the query the controls show whenever the reader changes
 * one: at once for a choice or a submitted search (`push`), after a pause in typing (`replace`, so that
 * each keystroke does not become a history entry).
 */
export const createListControls = (onChange: (query: ListQuery, mode: HistoryMode) => void): ListControls => {
  const sort = h(
    'select',
    { id: 'list-sort', name: 'sort', testid: 'list-sort' },
    ...LIST_SORTS.map((value) => h('option', { value }, SORT_LABELS[value])),
  );
  const status = h(
    'select',
    { id: 'list-status', name: 'status', testid: 'list-status' },
    ...LIST_STATUSES.map((value) => h('option', { value }, STATUS_LABELS[value])),
  );
  const search = h('input', {
    id: 'list-search',
    name: 'q',
    type: 'search',
    testid: 'list-search',
    maxlength: MAX_SEARCH_LENGTH,
    autocomplete: 'off',
    enterkeyhint: 'search',
    placeholder: 'Words of the title',
  });
  const form = h(
    'form',
    { role: 'search', 'aria-label': 'Search auctions', class: 'list-search' },
    h('label', { for: 'list-search' }, 'Search titles', search),
    h('button', { type: 'submit', testid: 'list-search-submit' }, 'Search'),
  );

  let typing: ReturnType<typeof setTimeout> | undefined;
  const read = (): ListQuery => ({
    sort: sort.value as ListSort,
    status: status.value as ListStatus,
    q: cleanSearch(search.value),
  });
  const changed = (mode: HistoryMode): void => {
    clearTimeout(typing);
    onChange(read(), mode);
  };
  sort.addEventListener('change', () => changed('push'));
  status.addEventListener('change', () => changed('push'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changed('push');
  });
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => onChange(read(), 'replace'), TYPING_PAUSE_MS);
  });

  const element = h(
    'div',
    { class: 'list-controls' },
    h('label', { for: 'list-sort' }, 'Sort by', sort),
    h('label', { for: 'list-status' }, 'Show', status),
    form,
  );
  return {
    element,
    show: (query) => {
      clearTimeout(typing);
      if (sort.value !== query.sort) sort.value = query.sort;
      if (status.value !== query.status) status.value = query.status;
      // A search being typed ("leica ") is left as it is when it means the same words.
      if (cleanSearch(search.value) !== query.q) search.value = query.q;
    },
  };
};
