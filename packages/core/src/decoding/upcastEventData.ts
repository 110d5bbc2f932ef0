import { schemaVersionOf } from './schemaVersion';
import type { UpcastSource } from './upcaster';
import { UPCASTERS } from './upcasters';

/** What {@link upcastEventData} returns. */
export type UpcastResult =
  | { readonly ok: true; readonly data: unknown; readonly schemaVersion: number }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_SCHEMA_VERSION';
      readonly message: string;
    };

/**
 * Brings a recorded event's `data` to today's schema: reads its schema version from the metadata
 * (absent = 1) and runs the upcasters from that version on. Cheap when there is nothing to do: one map
 * look-up, and no allocation for an event already in today's shape.
 */
export const upcastEventData = (event: UpcastSource): UpcastResult => {
  const chain = UPCASTERS.get(event.type as never);
  if (chain === undefined)
    return { ok: false, code: 'UNKNOWN_EVENT_TYPE', message: `unknown event type '${event.type}'` };
  const version = schemaVersionOf(event.metadata);
  if (!Number.isSafeInteger(version) || (version as number) < 1 || (version as number) > chain.length + 1)
    return {
      ok: false,
      code: 'UNKNOWN_SCHEMA_VERSION',
      message: `${event.type} schema version ${JSON.stringify(version)} is not one this code reads (1 to ${chain.length + 1})`,
    };
  let data = event.data;
  if (typeof data !== 'object' || data === null) return { ok: true, data, schemaVersion: version as number };
  for (let step = (version as number) - 1; step < chain.length; step++)
    data = (chain[step] as (typeof chain)[number])(data as Readonly<Record<string, unknown>>, event);
  return { ok: true, data, schemaVersion: version as number };
};
