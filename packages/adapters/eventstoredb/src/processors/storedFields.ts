import { EventStoreError } from '@gavel/core';
import type { StoredEvent } from '../client/storeClient';

/**
 * An event of a processor stream that this adapter cannot read (written by hand, or by a newer
 * version): the call fails with `UNAVAILABLE` and says where.
 */
export const unreadableEvent = (event: StoredEvent, problem: string): EventStoreError =>
  new EventStoreError(
    'UNAVAILABLE',
    `EventStoreDB processor stream '${event.streamName}' holds an event this adapter cannot read (${event.type} at revision ${event.revision}: ${problem})`,
  );

/** Reads the fields of a processor event's JSON data, one typed getter per kind of field. */
export const storedFields = (event: StoredEvent) => {
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || data instanceof Uint8Array)
    throw unreadableEvent(event, 'its data is not a JSON object');
  const fields = data as Record<string, unknown>;
  const fail = (key: string, expected: string): never => {
    throw unreadableEvent(event, `'${key}' is not ${expected}`);
  };
  const integer = (key: string): number => {
    const value = fields[key];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : fail(key, 'a non-negative integer');
  };
  const position = (key: string): bigint => {
    const value = fields[key];
    return typeof value === 'string' && /^\d{1,19}$/.test(value) ? BigInt(value) : fail(key, 'a position');
  };
  const text = (key: string): string => {
    const value = fields[key];
    return typeof value === 'string' ? value : fail(key, 'a string');
  };
  return { fields, integer, position, text, fail };
};
