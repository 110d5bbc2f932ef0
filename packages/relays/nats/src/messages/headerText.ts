const hex = (character: string): string =>
  [...new TextEncoder().encode(character)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');

/** The control characters (U+0000–U+001F, U+007F): a NATS header line cannot hold CR or LF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it escapes
const CONTROL = /[\u0000-\u001F\u007F]/g;
/** White space at either end, which NATS clients trim from a header value. */
const EDGES = /^\s+|\s+$/g;

/**
 * The form of a text in a NATS header value: every character as it is but the control characters and
 * white space at either end, each written as the `%XX` of its UTF-8 bytes. The command service refuses
 * control characters in ids, so for every stream it writes the `Nats-Msg-Id` is exactly
 * `<streamName>@<streamVersion>` (spaces, `%`, `.`, `*`, `>` and any Unicode as they are), and
 * `Gavel-Stream` is the stream name (but trailing white space). The body carries the name as recorded.
 *
 * @example
 * headerText('auction-lot 42.*');  // 'auction-lot 42.*'
 * headerText('auction-x\n ');      // 'auction-x%0A%20'
 */
export const headerText = (text: string): string =>
  text.replace(CONTROL, hex).replace(EDGES, (edge) => [...edge].map(hex).join(''));
