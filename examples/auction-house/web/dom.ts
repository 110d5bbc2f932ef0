/** Attributes of {@link h}: plain attributes, `testid` for `data-testid`, and `on…` event listeners. */
export type Attributes = Readonly<Record<string, string | number | boolean | EventListener | undefined>>;

/**
 * Creates an element. Strings among the children become text nodes, never markup: every user-supplied
 * string (titles, names) reaches the page through here or `textContent`, so none can inject HTML.
 */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: ReadonlyArray<Node | string | null | undefined>
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'testid') element.dataset.testid = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
};

/** Sets an element's text only when it differs (no needless layout, no screen-reader chatter). */
export const setText = (element: Element, text: string): void => {
  if (element.textContent !== text) element.textContent = text;
};

/** Announces a change to screen readers through the page's polite live region. */
export const announce = (message: string): void => {
  const region = document.getElementById('announcer');
  if (region !== null) region.textContent = message;
};
