import { isStorableText } from '@gavel/core/store';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../client/storeClient';
import {
  encodeStateRecord,
  MAX_EVENT_BYTES,
  PART_UNITS,
  type StateRecord,
  splitText,
  toStateRecord,
} from './stateRecord';

/** Stores an encoded record's events as EventStoreDB would (JSON round trip), parts first. */
const stored = (record: StateRecord): { head: StoredEvent; parts: StoredEvent[] } => {
  const encoded = encodeStateRecord(record);
  const asEvent = (revision: number, payload: { type: string; data: unknown }): StoredEvent => ({
    streamName: 's',
    revision: BigInt(revision),
    id: `${revision}`,
    type: payload.type,
    data: JSON.parse(JSON.stringify(payload.data)),
    metadata: {},
    position: undefined,
    createdAt: 0,
  });
  const parts = encoded.parts.map((part, n) => asEvent(n, part));
  return { head: asEvent(parts.length, encoded.head(parts.map((part) => part.revision))), parts };
};

describe('partition state records (EventStoreDB)', () => {
  it('splits text without cutting a surrogate pair', () => {
    const text = `ab${'🎉'.repeat(5)}c`;
    const pieces = splitText(text, 3);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3);
      expect(isStorableText(piece)).toBe(true); // no lone surrogate
    }
  });

  it('round-trips changes and snapshots, hostile text included, in one event when small', async () => {
    const text = 'é 🎉 \u0001 "quoted" \\ {json} \u2028';
    const records: StateRecord[] = [
      { kind: 'changes', prev: null, set: [['k', text]], delete: ['gone'] },
      { kind: 'changes', prev: 41n, set: [], delete: [] },
      {
        kind: 'snapshot',
        entries: [
          ['__proto__', '1'],
          [text, text],
        ],
      },
    ];
    for (const record of records) {
      const { head, parts } = stored(record);
      expect(parts).toEqual([]);
      expect(await toStateRecord(head, async () => [])).toEqual(record);
    }
  });

  it('splits a record over the size of one event into parts, each under the size of one append', async () => {
    const big = `${'x'.repeat(PART_UNITS - 3)}🎉${'€'.repeat(400_000)}`;
    const record: StateRecord = {
      kind: 'snapshot',
      entries: [
        ['k', big],
        ['"', '\\'],
      ],
    };
    const encoded = encodeStateRecord(record);
    expect(encoded.bytes).toBeGreaterThan(MAX_EVENT_BYTES);
    const { head, parts } = stored(record);
    expect(parts.length).toBeGreaterThan(1);
    for (const event of [...parts, head])
      expect(Buffer.byteLength(JSON.stringify(event.data))).toBeLessThan(1 << 20);
    const byRevision = new Map([...parts].map((part) => [part.revision, part]));
    const read = await toStateRecord(head, async (revisions) =>
      revisions.map((r) => byRevision.get(r) as StoredEvent),
    );
    expect(read).toEqual(record);
    expect(await toStateRecord(head, async () => undefined)).toBe('gone');
  });

  it('refuses an event that is not a record of state, saying where', async () => {
    const { head } = stored({ kind: 'snapshot', entries: [] });
    await expect(toStateRecord({ ...head, type: 'Other' }, async () => [])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(
      toStateRecord({ ...head, data: { v: 1, entries: [[1, 2]] } }, async () => []),
    ).rejects.toThrow(/'entries' is not a list of entries/);
  });
});
