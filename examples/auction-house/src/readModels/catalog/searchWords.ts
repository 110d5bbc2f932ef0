/** The most words of a search. */
export const MAX_SEARCH_WORDS = 10;

/** The words of a text: runs of letters and digits, NFKC-normalized and lower-cased. */
export const wordsOf = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The words of a search, as every catalog database matches them: {@link wordsOf} the text, at most
 * {@link MAX_SEARCH_WORDS}. An auction matches when each is a whole word of its title.
 */
export const searchWords = (text: string): string[] => [...new Set(wordsOf(text))].slice(0, MAX_SEARCH_WORDS);

/** True when every word is a word of `title` (no words: true). */
export const matchesWords = (title: string, words: readonly string[] | undefined): boolean => {
  if (words === undefined || words.length === 0) return true;
  const own = new Set(wordsOf(title));
  return words.every((word) => own.has(word));
};
