import type { StoredEvent } from '../../client/storeClient';
import type { StateEntry } from '../processorPort';
import { storedFields, unreadableEvent } from '../storedFields';
import type { EventPayload } from '../updateLastEvent';

/**
 * One record of a partition's state stream: the changes of one commit (linked to the record they apply
 * to, `prev`; null: to the empty state), or a snapshot of the whole state.
 */
export type StateRecord =
  | {
      readonly kind: 'changes';
      readonly prev: bigint | null;
      readonly set: readonly StateEntry[];
      readonly delete: readonly string[];
    }
  | { readonly kind: 'snapshot'; readonly entries: readonly StateEntry[] };

const CHANGES = 'PartitionStateChanged';
const SNAPSHOT = 'PartitionStateSnapshot';
const PART = 'PartitionStatePart';

/**
 * The largest record written as one event. EventStoreDB refuses an append over `MaxAppendSize` (1 MiB
 * by default); a larger record is split into parts, each appended on its own.
 */
export const MAX_EVENT_BYTES = 700_000;
/** The UTF-16 units of a part: at most 3 bytes each in UTF-8, with JSON's escapes, so under 1 MiB. */
export const PART_UNITS = 200_000;

/** A record as events: `parts` appended first (one append each), then the head, which lists them. */
export interface EncodedStateRecord {
  /** Bytes of the record's JSON. */
  readonly bytes: number;
  /** Events it takes (parts and head). */
  readonly events: number;
  readonly parts: readonly EventPayload[];
  readonly head: (partRevisions: readonly bigint[]) => EventPayload;
}

/** Splits `text` into pieces of at most `size` UTF-16 units, never inside a surrogate pair. */
export const splitText = (text: string, size: number): string[] => {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff && end - 1 > start) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
};

/** Encodes a record as the events that hold it. */
export const encodeStateRecord = (record: StateRecord): EncodedStateRecord => {
  const type = record.kind === 'changes' ? CHANGES : SNAPSHOT;
  const data =
    record.kind === 'changes'
      ? {
          v: 1,
          prev: record.prev === null ? null : record.prev.toString(),
          set: record.set,
          delete: record.delete,
        }
      : { v: 1, entries: record.entries };
  const text = JSON.stringify(data);
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_EVENT_BYTES) return { bytes, events: 1, parts: [], head: () => ({ type, data }) };
  const pieces = splitText(text, PART_UNITS);
  const last = pieces.pop() as string;
  return {
    bytes,
    events: pieces.length + 1,
    parts: pieces.map((piece) => ({ type: PART, data: { v: 1, text: piece } })),
    head: (partRevisions) => ({ type, data: { v: 1, parts: partRevisions.map(String), text: last } }),
  };
};

const isEntryList = (value: unknown): value is StateEntry[] =>
  Array.isArray(value) &&
  value.every(
    (entry) =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      typeof entry[1] === 'string',
  );

const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Decodes the record whose head is `event`; `partsAt` reads its parts (undefined when one is gone: a
 * snapshot truncated the stream meanwhile). `'gone'` then.
 */
export const toStateRecord = async (
  event: StoredEvent,
  partsAt: (revisions: readonly bigint[]) => Promise<readonly StoredEvent[] | undefined>,
): Promise<StateRecord | 'gone'> => {
  let fields = storedFields(event);
  const partList = fields.fields.parts;
  if (partList !== undefined) {
    if (!isTextList(partList) || !partList.every((part) => /^\d{1,19}$/.test(part)))
      return fields.fail('parts', 'a list of revisions');
    const parts = await partsAt(partList.map(BigInt));
    if (parts === undefined) return 'gone';
    const text = [...parts.map((part) => storedFields(part).text('text')), fields.text('text')].join('');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw unreadableEvent(event, 'its parts do not join into JSON');
    }
    fields = storedFields({ ...event, data });
  }
  if (event.type === SNAPSHOT) {
    const entries = fields.fields.entries;
    return isEntryList(entries) ? { kind: 'snapshot', entries } : fields.fail('entries', 'a list of entries');
  }
  if (event.type !== CHANGES) throw unreadableEvent(event, 'not a record of state');
  const { set, delete: deleted, prev } = fields.fields;
  if (!isEntryList(set)) return fields.fail('set', 'a list of entries');
  if (!isTextList(deleted)) return fields.fail('delete', 'a list of keys');
  return { kind: 'changes', prev: prev === null ? null : fields.position('prev'), set, delete: deleted };
};
