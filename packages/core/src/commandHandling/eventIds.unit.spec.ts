import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { type DecisionKey, decisionEventId, MAX_BID_ID_LENGTH } from './eventIds';

const keyArb: fc.Arbitrary<DecisionKey> = fc.oneof(
  // Ids made of the encoding's own characters, so that near-collisions are tried often.
  fc
    .string({ unit: fc.constantFrom('~', 'c', '1', '2', ':', 'x'), minLength: 1, maxLength: 6 })
    .map((bidId) => ({ bidId })),
  fc.string({ minLength: 1, maxLength: MAX_BID_ID_LENGTH }).map((bidId) => ({ bidId })),
  fc.uuid().map((commandId) => ({ commandId })),
);

describe('decisionEventId', () => {
  it('is a bid’s own bidId for its first event', () => {
    expect(decisionEventId({ bidId: 'b-7' }, 0)).toBe('b-7');
    expect(decisionEventId({ bidId: 'b-7' }, 1)).toBe('~1:b-7');
    expect(decisionEventId({ bidId: '~x' }, 0)).toBe('~~x');
    expect(decisionEventId({ commandId: 'u' }, 0)).toBe('~c:u');
    expect(decisionEventId({ commandId: 'u' }, 2)).toBe('~c2:u');
  });

  it('never gives two different decisions’ events the same id', () => {
    fc.assert(
      fc.property(keyArb, keyArb, fc.nat(3), fc.nat(3), (a, b, n, m) => {
        const same = a.bidId === b.bidId && a.commandId === b.commandId && n === m;
        expect(decisionEventId(a, n) === decisionEventId(b, m)).toBe(same);
      }),
      seeded(5_000),
    );
  });

  it('stays within the port’s 200 characters', () => {
    expect(decisionEventId({ bidId: '~'.repeat(MAX_BID_ID_LENGTH) }, 99).length).toBeLessThanOrEqual(200);
  });
});
