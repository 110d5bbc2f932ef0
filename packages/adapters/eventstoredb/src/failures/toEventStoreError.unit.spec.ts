import { EventStoreError, VersionConflictError } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { toEventStoreError } from './toEventStoreError';

const clientError = (type: string): Error =>
  Object.assign(new Error(`client says ${type}`), { type, code: 14 });

describe('toEventStoreError (EventStoreDB)', () => {
  it.each([
    ['unavailable', 'UNAVAILABLE', true],
    ['not-leader', 'UNAVAILABLE', false],
    ['cancelled', 'UNAVAILABLE', true],
    ['unknown', 'UNAVAILABLE', true],
    ['deadline-exceeded', 'TIMEOUT', true],
    ['timeout', 'TIMEOUT', true],
    ['maximum-append-size-exceeded', 'INVALID_ARGUMENT', false],
    ['access-denied', 'UNAVAILABLE', false],
  ])('maps a client error of type %s to %s, the client error as cause', (type, code, mayHaveWritten) => {
    const error = clientError(type);
    const mapped = toEventStoreError(error, 'append', true);
    expect(mapped).toBeInstanceOf(EventStoreError);
    expect(mapped).toMatchObject({ code, cause: error, mayHaveWritten });
    expect(toEventStoreError(error, 'read', false).mayHaveWritten).toBe(false);
  });

  it('reads a raw gRPC error by its status, and knows a call that never connected wrote nothing', () => {
    const raw = Object.assign(
      new Error('14 UNAVAILABLE: No connection established. Last error: ECONNREFUSED'),
      {
        code: 14,
      },
    );
    expect(toEventStoreError(raw, 'append', true)).toMatchObject({
      code: 'UNAVAILABLE',
      mayHaveWritten: false,
    });
    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 });
    expect(toEventStoreError(deadline, 'append', true)).toMatchObject({
      code: 'TIMEOUT',
      mayHaveWritten: true,
    });
  });

  it("passes the store's own errors through", () => {
    const conflict = new VersionConflictError('s', 0, 1);
    expect(toEventStoreError(conflict, 'append', true)).toBe(conflict);
  });
});
