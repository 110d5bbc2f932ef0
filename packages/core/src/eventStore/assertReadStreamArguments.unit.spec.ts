import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertReadStreamArguments } from './assertReadStreamArguments';

const errorOf = (call: () => void): unknown => {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('assertReadStreamArguments', () => {
  it.each([
    ['no options', undefined],
    ['no fromVersion', {}],
    ['fromVersion 0', { fromVersion: 0 }],
    ['the largest safe fromVersion', { fromVersion: Number.MAX_SAFE_INTEGER }],
    ['no maxCount', { fromVersion: 3, maxCount: undefined }],
    ['maxCount 1', { maxCount: 1 }],
    ['the largest safe maxCount', { fromVersion: 2, maxCount: Number.MAX_SAFE_INTEGER }],
  ])('accepts %s', (_, options) => {
    expect(() => assertReadStreamArguments('auction-1', options)).not.toThrow();
  });

  it('accepts any non-negative safe integer as fromVersion', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (stream, fromVersion) => {
          assertReadStreamArguments(stream, { fromVersion });
        },
      ),
    );
  });

  it('rejects any other fromVersion with INVALID_ARGUMENT naming options.fromVersion', () => {
    const invalid = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double().filter((value) => !Number.isSafeInteger(value)),
      fc.constantFrom<unknown>('1', 1n, Number.MAX_SAFE_INTEGER + 1),
    );
    fc.assert(
      fc.property(invalid, (fromVersion) => {
        const error = errorOf(() => assertReadStreamArguments('auction-1', { fromVersion }));
        expect(error).toMatchObject({ name: 'EventStoreError', code: 'INVALID_ARGUMENT' });
        expect((error as Error).message).toMatch(/^options\.fromVersion /);
      }),
    );
  });

  it('accepts any positive safe integer as maxCount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (maxCount) => {
        assertReadStreamArguments('auction-1', { fromVersion: 0, maxCount });
      }),
    );
  });

  it('rejects any other maxCount with INVALID_ARGUMENT naming options.maxCount', () => {
    const invalid = fc.oneof(
      fc.integer({ max: 0 }),
      fc.double().filter((value) => !Number.isSafeInteger(value)),
      fc.constantFrom<unknown>(null, '1', 1n, Number.MAX_SAFE_INTEGER + 1),
    );
    fc.assert(
      fc.property(invalid, (maxCount) => {
        const error = errorOf(() => assertReadStreamArguments('auction-1', { maxCount }));
        expect(error).toMatchObject({ name: 'EventStoreError', code: 'INVALID_ARGUMENT' });
        expect((error as Error).message).toMatch(/^options\.maxCount /);
      }),
    );
  });

  it('rejects a stream name that is not a string', () => {
    const error = errorOf(() => assertReadStreamArguments(42, {}));

    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'streamName must be a string' });
  });
});
