import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAVEL_EVENT_ID_NAMESPACE, isCanonicalUuid, nameBasedUuid, toEventUuid } from './eventIds';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('nameBasedUuid', () => {
  it('matches the RFC test vector (DNS namespace, www.example.com)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('toEventUuid', () => {
  it('maps any id to the same version-5 UUID every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1, maxLength: 200 }), (stream, id) => {
        fc.pre(!isCanonicalUuid(id));
        const uuid = toEventUuid(stream, id);
        expect(uuid).toMatch(UUID_V5);
        expect(toEventUuid(stream, id)).toBe(uuid);
      }),
    );
  });

  it('gives different UUIDs to different ids, and to the same id in different streams', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (s1, s2, a, b) => {
          fc.pre(!isCanonicalUuid(a) && !isCanonicalUuid(b));
          fc.pre(s1 !== s2 || a !== b);
          expect(toEventUuid(s1, a)).not.toBe(toEventUuid(s2, b));
        },
      ),
    );
  });

  it('keeps a canonical lowercase UUID as it is, and maps an uppercase one', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        expect(toEventUuid('auction-1', uuid)).toBe(uuid);
        if (uuid !== uuid.toUpperCase())
          expect(toEventUuid('auction-1', uuid.toUpperCase())).toMatch(UUID_V5);
      }),
    );
  });

  it('draws a random UUID when there is no id', () => {
    const first = toEventUuid('auction-1', undefined);
    expect(isCanonicalUuid(first)).toBe(true);
    expect(toEventUuid('auction-1', undefined)).not.toBe(first);
  });

  it('uses a fixed namespace (changing it would change every stored id)', () => {
    expect(GAVEL_EVENT_ID_NAMESPACE).toBe('6f1c2a3e-8d4b-5e7f-9a0b-1c2d3e4f5a6b');
    expect(toEventUuid('auction-1', 'bid:b-1')).toBe(
      nameBasedUuid(GAVEL_EVENT_ID_NAMESPACE, 'auction-1\u0000bid:b-1'),
    );
  });
});
