import { describe, expect, it } from 'vitest';
import {
  EventStoreError,
  type EventStoreErrorCode,
  isEventStoreError,
  isTransientEventStoreError,
} from './eventStoreError';
import { VersionConflictError } from './versionConflictError';

const CODES: readonly EventStoreErrorCode[] = [
  'VERSION_CONFLICT',
  'INVALID_ARGUMENT',
  'STORE_CLOSED',
  'BUSY',
  'UNAVAILABLE',
  'TIMEOUT',
  'STORAGE_FULL',
  'READ_ONLY',
];

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
      mayHaveWritten: false,
    });
  });

  it('has no cause unless given one', () => {
    const error = new EventStoreError('STORE_CLOSED', 'the store is closed');

    expect('cause' in error).toBe(false);
  });

  it('says whether a failed append may have been written, false unless told', () => {
    expect(new EventStoreError('UNAVAILABLE', 'm', { mayHaveWritten: true }).mayHaveWritten).toBe(true);
    expect(new EventStoreError('UNAVAILABLE', 'm', {}).mayHaveWritten).toBe(false);
    expect(new EventStoreError('TIMEOUT', 'm').mayHaveWritten).toBe(false);
  });

  it('has a version conflict as its subclass, which wrote nothing', () => {
    const conflict = new VersionConflictError('s', 0, 1);

    expect(conflict).toBeInstanceOf(EventStoreError);
    expect(conflict).toMatchObject({ name: 'VersionConflictError', code: 'VERSION_CONFLICT' });
    expect(conflict.mayHaveWritten).toBe(false);
  });
});

describe('isEventStoreError', () => {
  it.each(CODES)('recognises code %s', (code) => {
    expect(isEventStoreError(new EventStoreError(code, 'm'))).toBe(true);
    // One from another copy of the package is not an instance of this class, but has the same shape.
    expect(isEventStoreError(Object.assign(new Error('m'), { code }))).toBe(true);
  });

  it.each([
    ['an Error without a code', new Error('m')],
    ['a driver error code', Object.assign(new Error('m'), { code: 'ECONNREFUSED' })],
    ['an unknown code', { code: 'NOT_FOUND' }],
    ['null', null],
    ['a string', 'INVALID_ARGUMENT'],
  ])('rejects %s', (_, value) => {
    expect(isEventStoreError(value)).toBe(false);
  });
});

describe('isTransientEventStoreError', () => {
  it('is true for BUSY, UNAVAILABLE and TIMEOUT only', () => {
    const transient = CODES.filter((code) => isTransientEventStoreError(new EventStoreError(code, 'm')));

    expect(transient).toEqual(['BUSY', 'UNAVAILABLE', 'TIMEOUT']);
    expect(isTransientEventStoreError(null)).toBe(false);
  });
});
