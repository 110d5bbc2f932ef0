import { createHash, randomUUID } from 'node:crypto';

/** The namespace of Gavel's name-based event UUIDs (RFC 9562 version 5). Never change it: ids depend on it. */
export const GAVEL_EVENT_ID_NAMESPACE = '6f1c2a3e-8d4b-5e7f-9a0b-1c2d3e4f5a6b';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID in the canonical lowercase form that EventStoreDB reads back unchanged. */
export const isCanonicalUuid = (id: string): boolean => CANONICAL_UUID.test(id);

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex');

const formatUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/**
 * A version-5 (SHA-1, name-based) UUID of `name` in `namespace`: the same inputs always give the same
 * UUID, so a retried append carries the ids of the original and EventStoreDB's idempotency dedupes it.
 */
export const nameBasedUuid = (namespace: string, name: string): string => {
  const digest = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50;
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80;
  return formatUuid(digest);
};

/**
 * The EventStoreDB event id (a UUID) of a Gavel event id in a stream. A canonical lowercase UUID is used
 * as it is; any other id maps to a version-5 UUID of the stream name and the id, so it is deterministic
 * and the same opaque id in two streams gives two different UUIDs. Without an id, a random UUID.
 */
export const toEventUuid = (streamName: string, eventId: string | undefined): string => {
  if (eventId === undefined) return randomUUID();
  if (isCanonicalUuid(eventId)) return eventId;
  return nameBasedUuid(GAVEL_EVENT_ID_NAMESPACE, `${streamName}\u0000${eventId}`);
};
