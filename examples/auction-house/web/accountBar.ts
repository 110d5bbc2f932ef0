import { api } from './api';
import { h } from './dom';
import { getState, viewerChanged } from './pageState';

/** The header's account area: the sign-in form (`signin-name`, `signin-submit`) or who is signed in. */
export const renderAccountBar = (container: HTMLElement): void => {
  const viewer = getState().viewer;
  if (viewer !== null) {
    const signOut = h(
      'button',
      { type: 'button', onclick: () => void api.signOut().then(() => viewerChanged(null)) },
      'Sign out',
    );
    container.replaceChildren(
      h('p', {}, 'Signed in as ', h('strong', { testid: 'viewer-name' }, viewer.name), ' ', signOut),
    );
    return;
  }
  const input = h('input', {
    id: 'signin-name',
    name: 'name',
    testid: 'signin-name',
    required: true,
    maxlength: 40,
    autocomplete: 'nickname',
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { 'aria-label': 'Sign in' },
    h('label', { for: 'signin-name' }, 'Your name', input),
    h('button', { type: 'submit', testid: 'signin-submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api.signIn(input.value);
    if (result.ok) viewerChanged(result.value);
    else error.textContent = result.message;
  });
  container.replaceChildren(form);
};
