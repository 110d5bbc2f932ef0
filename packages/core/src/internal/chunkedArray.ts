/** log2 of the number of items in one chunk. */
const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/**
 * An append-only list stored in chunks of 4 096 items. Unlike an array, it never copies what it holds
 * to grow, and no chunk is large enough for V8's large-object space, so a list of millions of items
 * costs the garbage collector and the kernel (fresh pages) no more per item than a list of thousands.
 * A plain record with free functions (not an object with methods): every list shares the same code, so
 * a call site that sees thousands of lists stays monomorphic.
 */
export interface ChunkedArray<T> {
  readonly chunks: T[][];
  /** The number of items; only {@link pushChunked} changes it. */
  length: number;
}

/** Creates an empty {@link ChunkedArray}. */
export const chunkedArray = <T>(): ChunkedArray<T> => ({ chunks: [], length: 0 });

/** Appends an item. */
export const pushChunked = <T>(list: ChunkedArray<T>, item: T): void => {
  const length = list.length;
  if ((length & CHUNK_MASK) === 0) list.chunks.push([item]);
  else (list.chunks[length >>> CHUNK_BITS] as T[]).push(item);
  list.length = length + 1;
};

/** The item at `index`, which must be in [0, length). */
export const chunkedAt = <T>(list: ChunkedArray<T>, index: number): T =>
  (list.chunks[index >>> CHUNK_BITS] as T[])[index & CHUNK_MASK] as T;
