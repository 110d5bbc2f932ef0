import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromStoredMetadata, GAVEL_METADATA_KEY, toStoredMetadata } from './eventEnvelope';

const jsonObject = fc
  .dictionary(
    fc.string().filter((key) => key !== GAVEL_METADATA_KEY && key !== '__proto__'),
    fc.jsonValue(),
  )
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

describe('event metadata envelope', () => {
  it('round-trips any JSON metadata object through JSON, with the adapter bookkeeping apart', () => {
    fc.assert(
      fc.property(
        jsonObject,
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (metadata, eventId) => {
          const stored = toStoredMetadata(metadata, {
            appendId: 'append-1',
            ...(eventId === undefined ? {} : { eventId }),
          });
          const read = fromStoredMetadata(JSON.parse(JSON.stringify(stored)));
          expect(read.metadata).toEqual(metadata);
          expect(read.envelope?.appendId).toBe('append-1');
          expect(read.envelope?.eventId).toBe(eventId);
        },
      ),
    );
  });

  it('reads back no metadata when none was given', () => {
    const read = fromStoredMetadata(
      JSON.parse(JSON.stringify(toStoredMetadata(undefined, { appendId: 'a' }))),
    );
    expect(read.metadata).toBeUndefined();
    expect(read.envelope?.appendId).toBe('a');
  });

  it("mirrors correlation and causation ids to EventStoreDB's $correlationId / $causationId", () => {
    const stored = toStoredMetadata(
      { correlationId: 'c-1', causationId: 'k-9', schemaVersion: 2 },
      { appendId: 'a' },
    );
    expect(stored).toMatchObject({ $correlationId: 'c-1', $causationId: 'k-9', schemaVersion: 2 });
    expect(fromStoredMetadata(stored).metadata).toEqual({
      correlationId: 'c-1',
      causationId: 'k-9',
      schemaVersion: 2,
    });
  });

  it('keeps a $correlationId the user set', () => {
    const metadata = { correlationId: 'c-1', $correlationId: 'other' };
    const stored = toStoredMetadata(metadata, { appendId: 'a' });
    expect(stored.$correlationId).toBe('other');
    expect(fromStoredMetadata(stored).metadata).toEqual(metadata);
  });

  it('rejects the reserved key and non-object metadata', () => {
    expect(() => toStoredMetadata({ [GAVEL_METADATA_KEY]: 1 }, { appendId: 'a' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => toStoredMetadata([] as unknown as Record<string, unknown>, { appendId: 'a' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('passes metadata written by other tools through, and drops non-object metadata', () => {
    expect(fromStoredMetadata({ source: 'import' })).toEqual({ metadata: { source: 'import' } });
    expect(fromStoredMetadata(new Uint8Array([1, 2]))).toEqual({});
    expect(fromStoredMetadata(undefined)).toEqual({});
  });
});
