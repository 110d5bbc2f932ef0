import { describe, expect, it } from 'vitest';
import { EventStoreError, isEventStoreError } from './eventStoreError';
import { VersionConflictError } from './versionConflictError';

describe('EventStoreError', () => {
  it('is an Error carrying its code, message, name and cause', () => {
    const cause = new Error('driver failure');

    const error = new EventStoreError('INVALID_ARGUMENT', 'events must be a non-empty array', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'EventStoreError',
      code: 'INVALID_ARGUMENT',
      message: 'events must be a non-empty array',
      cause,
    });
  });

  it('has no cause unless given one', () => {
    const error = new EventStoreError('STORE_CLOSED', 'the store is closed');

    expect('cause' in error).toBe(false);
  });
});

describe('isEventStoreError', () => {
  it.each(['INVALID_ARGUMENT', 'STORE_CLOSED', 'BUSY'] as const)('recognises code %s', (code) => {
    expect(isEventStoreError(new EventStoreError(code, 'm'))).toBe(true);
    // One from another copy of the package is not an instance of this class, but has the same shape.
    expect(isEventStoreError(Object.assign(new Error('m'), { code }))).toBe(true);
  });

  it.each([
    ['a version conflict', new VersionConflictError('s', 0, 1)],
    ['an Error without a code', new Error('m')],
    ['an unknown code', { code: 'NOT_FOUND' }],
    ['null', null],
    ['a string', 'INVALID_ARGUMENT'],
  ])('rejects %s', (_, value) => {
    expect(isEventStoreError(value)).toBe(false);
  });
});
