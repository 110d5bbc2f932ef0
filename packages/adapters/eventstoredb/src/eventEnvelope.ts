import { type EventMetadata, EventStoreError } from '@gavel/core';

/** The metadata key under which the adapter keeps its own bookkeeping. Users may not set it. */
export const GAVEL_METADATA_KEY = '$gavel';

/** The version of the adapter's metadata layout (`$gavel.v`). */
export const ENVELOPE_VERSION = 1;

/**
 * EventStoreDB's own metadata keys for correlation and causation (its `$by_correlation_id` projection
 * reads `$correlationId`), mirrored from Gavel's `correlationId` / `causationId` when those are strings.
 */
const MIRRORED = [
  ['correlationId', '$correlationId'],
  ['causationId', '$causationId'],
] as const;

/** The adapter's bookkeeping inside an event's stored metadata. */
export interface GavelEnvelope {
  /** Layout version. */
  readonly v: number;
  /** One id per `appendToStream` call: tells the adapter's own write from a replay of an earlier one. */
  readonly appendId: string;
  /** The Gavel event id when it is not the stored UUID itself. */
  readonly eventId?: string;
  /** True when the event was appended without metadata (so it reads back without). */
  readonly noMetadata?: true;
  /** EventStoreDB keys the adapter added (mirrors of correlation and causation ids). */
  readonly mirrored?: readonly string[];
}

/** Builds the JSON metadata stored with an event: the user's metadata, mirrors, and `$gavel`. */
export const toStoredMetadata = (
  metadata: EventMetadata | undefined,
  bookkeeping: { readonly appendId: string; readonly eventId?: string },
): Record<string, unknown> => {
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  )
    throw new EventStoreError('INVALID_ARGUMENT', 'event metadata must be a plain object');
  if (metadata !== undefined && Object.hasOwn(metadata, GAVEL_METADATA_KEY))
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `event metadata may not use the reserved key '${GAVEL_METADATA_KEY}'`,
    );
  const stored: Record<string, unknown> = { ...metadata };
  const mirrored: string[] = [];
  for (const [gavelKey, storeKey] of MIRRORED) {
    const value = metadata?.[gavelKey];
    if (typeof value === 'string' && !Object.hasOwn(stored, storeKey)) {
      stored[storeKey] = value;
      mirrored.push(storeKey);
    }
  }
  const envelope: GavelEnvelope = {
    v: ENVELOPE_VERSION,
    appendId: bookkeeping.appendId,
    ...(bookkeeping.eventId === undefined ? {} : { eventId: bookkeeping.eventId }),
    ...(metadata === undefined ? { noMetadata: true as const } : {}),
    ...(mirrored.length === 0 ? {} : { mirrored }),
  };
  stored[GAVEL_METADATA_KEY] = envelope;
  return stored;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** What an event's stored metadata reads back as: the user's metadata and the adapter's bookkeeping. */
export interface ReadMetadata {
  readonly metadata?: EventMetadata;
  readonly envelope?: GavelEnvelope;
}

/**
 * Splits stored metadata into the user's metadata and the adapter's envelope. Metadata written by
 * other tools (no `$gavel`) is returned as it is when it is a JSON object, and dropped otherwise.
 */
export const fromStoredMetadata = (stored: unknown): ReadMetadata => {
  if (!isRecord(stored)) return {};
  const envelope = stored[GAVEL_METADATA_KEY];
  if (!isRecord(envelope) || typeof envelope.appendId !== 'string') return { metadata: stored };
  const typed = envelope as unknown as GavelEnvelope;
  if (typed.noMetadata === true) return { envelope: typed };
  const metadata: Record<string, unknown> = { ...stored };
  delete metadata[GAVEL_METADATA_KEY];
  for (const key of typed.mirrored ?? []) delete metadata[key];
  return { metadata, envelope: typed };
};
