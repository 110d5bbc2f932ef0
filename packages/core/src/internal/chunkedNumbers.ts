/** log2 of the number of values in a full chunk. */
const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
const FIRST_CHUNK_SIZE = 8;

/**
 * An append-only list of numbers in `Float64Array` chunks of 4 096 values (the first chunk starts
 * at 8 and doubles until then, so a short list stays small). Unlike a JavaScript array of numbers, it
 * holds no pointer the garbage collector must trace or copy and boxes no number that is not a small
 * integer (an epoch-ms timestamp is not), and it never copies a full chunk to grow.
 */
export interface ChunkedNumbers {
  readonly chunks: Float64Array[];
  /** The number of values; only {@link pushNumber} changes it. */
  length: number;
}

/** Creates an empty {@link ChunkedNumbers}. */
export const chunkedNumbers = (): ChunkedNumbers => ({ chunks: [], length: 0 });

/** Appends a value. */
export const pushNumber = (list: ChunkedNumbers, value: number): void => {
  const length = list.length;
  const offset = length & CHUNK_MASK;
  let chunk = list.chunks[length >>> CHUNK_BITS];
  if (chunk === undefined) {
    chunk = new Float64Array(length === 0 ? FIRST_CHUNK_SIZE : CHUNK_SIZE);
    list.chunks.push(chunk);
  } else if (offset === chunk.length) {
    const grown = new Float64Array(chunk.length * 2);
    grown.set(chunk);
    chunk = grown;
    list.chunks[length >>> CHUNK_BITS] = chunk;
  }
  chunk[offset] = value;
  list.length = length + 1;
};

/** The value at `index`, which must be in [0, length). */
export const numberAt = (list: ChunkedNumbers, index: number): number =>
  (list.chunks[index >>> CHUNK_BITS] as Float64Array)[index & CHUNK_MASK] as number;
