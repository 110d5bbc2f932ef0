import type { EventMetadata } from '../auction/events';

/** The metadata key that holds an event's schema version: `metadata.schemaVersion`. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/**
 * The schema version an event was written with: `metadata.schemaVersion`, or 1 when the event has no
 * metadata or no such key (events written before versioning are version 1). Returns the raw value when
 * it is present but not a positive integer, so that a caller can report it.
 */
export const schemaVersionOf = (metadata: EventMetadata | undefined): unknown => {
  if (metadata === undefined || metadata === null) return 1;
  const version = metadata[SCHEMA_VERSION_KEY];
  return version === undefined ? 1 : version;
};
