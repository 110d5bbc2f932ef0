const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bits) of one byte into `hash`. */
const mix = (hash: number, byte: number): number => Math.imul(hash ^ byte, FNV_PRIME) >>> 0;

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes: the same number in every process, language and
 * version (no random seed), so any consumer can compute where a stream goes. A lone surrogate counts as
 * U+FFFD, as a UTF-8 encoder writes it.
 */
export const fnv1a32 = (text: string): number => {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = mix(hash, code);
      continue;
    }
    if (code < 0x800) {
      hash = mix(mix(hash, 0xc0 | (code >> 6)), 0x80 | (code & 0x3f));
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
        hash = mix(hash, 0xf0 | (code >> 18));
        hash = mix(hash, 0x80 | ((code >> 12) & 0x3f));
        hash = mix(hash, 0x80 | ((code >> 6) & 0x3f));
        hash = mix(hash, 0x80 | (code & 0x3f));
        continue;
      }
      code = 0xfffd;
    }
    hash = mix(mix(mix(hash, 0xe0 | (code >> 12)), 0x80 | ((code >> 6) & 0x3f)), 0x80 | (code & 0x3f));
  }
  return hash;
};

/**
 * The partition of a stream among `partitions`: `fnv1a32(streamName) % partitions`, the 32-bit FNV-1a
 * hash of the stream name's UTF-8 bytes. Every event of a stream goes to the same partition, so one
 * owner handles a stream's events, in order.
 *
 * @example
 * partitionOf('auction-lot-42', 8); // the same in every process
 */
export const partitionOf = (streamName: string, partitions: number): number =>
  partitions === 1 ? 0 : fnv1a32(streamName) % partitions;
