import { type ChunkedArray, chunkedAt } from './chunkedArray';

/**
 * Integers ("slots") found by a string key, where the owner keeps the keys in a list: the key of slot
 * `s` is `keys[s - offset]` (e.g. the event at index `s` of a stream, found by its event id). The index
 * keeps only a 32-bit hash and the slot of each key, side by side in `Int32Array` segments (open
 * addressing, linear probing, at most half full), under a directory by the hash's top bits
 * (extendible hashing): a full segment splits in two, so the index grows a few kilobytes at a time and
 * no insert ever rehashes the whole index.
 *
 * Why not a `Map`: a lookup that misses a `Map` of 10^5 string keys walks a bucket chain whose keys
 * sit all over the heap, so it pays several cache misses; here a miss reads one or two adjacent
 * integers, and the key itself only when the hashes match. And a `Map` grows by copying itself whole
 * into a table twice its size. The hash is seeded at random per index, so ids chosen by clients
 * cannot be made to collide on purpose (as V8 seeds its own string hashes).
 */
export interface HashIndex {
  readonly keys: ChunkedArray<string>;
  readonly offset: number;
  readonly seed: number;
  /** 2^depth entries; entry `j` is the segment of the hashes whose top `depth` bits are `j`. */
  directory: Segment[];
  depth: number;
  size: number;
  /** The key of the last lookup and its hash: a `set` right after a `find` of the same key hashes once. */
  lastKey: string;
  lastHash: number;
}

interface Segment {
  /** Pairs [hash, slot]; hash 0 marks an empty pair. */
  table: Int32Array;
  mask: number;
  size: number;
  /** How many top bits of the hash all of this segment's keys share. */
  readonly depth: number;
}

/**
 * Pairs in a full-sized segment (64 KiB). The first segment starts at 8 pairs and doubles up to this;
 * from then on a half-full segment splits in two.
 */
const SEGMENT_CAPACITY = 8192;
const INITIAL_CAPACITY = 8;

const segment = (capacity: number, depth: number): Segment => ({
  table: new Int32Array(capacity * 2),
  mask: capacity - 1,
  size: 0,
  depth,
});

/**
 * Creates an empty {@link HashIndex} whose slot `s` has the key `keys[s - offset]`. `seed` is for
 * tests; by default each index draws its own.
 */
export const hashIndex = (
  keys: ChunkedArray<string>,
  offset = 0,
  seed = (Math.random() * 0x1_0000_0000) | 0,
): HashIndex => ({
  keys,
  offset,
  seed,
  directory: [segment(INITIAL_CAPACITY, 0)],
  depth: 0,
  size: 0,
  lastKey: '',
  lastHash: 0,
});

/** A seeded FNV-1a over the UTF-16 code units, finished with murmur3's avalanche; never 0. */
export const hashOf = (key: string, seed: number): number => {
  let h = seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
};

const hashFor = (index: HashIndex, key: string): number => {
  if (key === index.lastKey) return index.lastHash;
  const hash = hashOf(key, index.seed);
  index.lastKey = key;
  index.lastHash = hash;
  return hash;
};

/** The segment of a hash: the directory entry of its top `depth` bits (none when the depth is 0). */
const segmentOf = (index: HashIndex, hash: number): Segment =>
  index.directory[(hash >>> 1) >>> (31 - index.depth)] as Segment;

/** The pair of `segment` where `key` is, or the empty pair where it would go. */
const probe = (index: HashIndex, segment: Segment, key: string, hash: number): number => {
  const { table, mask } = segment;
  let i = hash & mask;
  // A segment is never more than half full, so an empty pair always ends the probe; the bound only
  // turns a broken invariant into an error rather than an endless loop.
  for (let probes = 0; probes <= mask; probes++) {
    const stored = table[i * 2] as number;
    if (stored === 0) return i;
    if (stored === hash && chunkedAt(index.keys, (table[i * 2 + 1] as number) - index.offset) === key)
      return i;
    i = (i + 1) & mask;
  }
  throw new Error('hash index segment is full');
};

/** The slot whose key is `key`, or -1. */
export const findSlot = (index: HashIndex, key: string): number => {
  const hash = hashFor(index, key);
  const segment = segmentOf(index, hash);
  const i = probe(index, segment, key, hash);
  return segment.table[i * 2] === 0 ? -1 : (segment.table[i * 2 + 1] as number);
};

/** Puts `slot` under `key` (which must be the slot's key), in place of the slot it had if any. */
export const setSlot = (index: HashIndex, key: string, slot: number): void => {
  const hash = hashFor(index, key);
  let segment = segmentOf(index, hash);
  let i = probe(index, segment, key, hash);
  if (segment.table[i * 2] !== 0) {
    segment.table[i * 2 + 1] = slot;
    return;
  }
  if ((segment.size + 1) * 2 > segment.mask + 1) {
    makeRoom(index, segment);
    segment = segmentOf(index, hash);
    i = probe(index, segment, key, hash);
  }
  segment.table[i * 2] = hash;
  segment.table[i * 2 + 1] = slot;
  segment.size++;
  index.size++;
};

/** Puts a pair whose key is known not to be in `into`. */
const place = (into: Segment, hash: number, slot: number): void => {
  const { table, mask } = into;
  let i = hash & mask;
  while (table[i * 2] !== 0) i = (i + 1) & mask;
  table[i * 2] = hash;
  table[i * 2 + 1] = slot;
  into.size++;
};

/**
 * Makes room in a half-full segment: splits a full-sized one in two by the next bit of the hash
 * (doubling the directory first when the segment uses all of its bits), or doubles it in place when it
 * is small, or when that bit would not split it (all of its keys share it; with a seeded hash this
 * takes keys chosen to collide, and growing in place keeps the directory from doubling for them). The
 * directory uses at most 31 bits.
 */
const makeRoom = (index: HashIndex, full: Segment): void => {
  const old = full.table;
  const depth = full.depth + 1;
  const bit = 32 - depth;
  let high = 0;
  if (depth < 32)
    for (let j = 0; j < old.length; j += 2)
      if (old[j] !== 0 && (((old[j] as number) >>> bit) & 1) === 1) high++;
  if (full.mask + 1 < SEGMENT_CAPACITY || high === 0 || high === full.size) {
    full.table = new Int32Array(old.length * 2);
    full.mask = old.length - 1;
    full.size = 0;
    for (let j = 0; j < old.length; j += 2)
      if (old[j] !== 0) place(full, old[j] as number, old[j + 1] as number);
    return;
  }
  if (full.depth === index.depth) {
    const directory: Segment[] = [];
    for (const entry of index.directory) directory.push(entry, entry);
    index.directory = directory;
    index.depth++;
  }
  const lowHalf = segment(SEGMENT_CAPACITY, depth);
  const highHalf = segment(SEGMENT_CAPACITY, depth);
  for (let j = 0; j < old.length; j += 2) {
    const hash = old[j] as number;
    if (hash !== 0) place(((hash >>> bit) & 1) === 0 ? lowHalf : highHalf, hash, old[j + 1] as number);
  }
  const shift = index.depth - depth;
  const directory = index.directory;
  for (let j = 0; j < directory.length; j++)
    if (directory[j] === full) directory[j] = ((j >>> shift) & 1) === 0 ? lowHalf : highHalf;
};
