import { EventStoreError, VersionConflictError } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { toEventStoreError } from './toEventStoreError';

/** A driver error as pg makes them: a message, maybe a code, a severity for the server's own. */
const driverError = (message: string, fields: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), fields);

describe('toEventStoreError', () => {
  it.each([
    [
      'server shutting down (57P01, FATAL)',
      driverError('terminating connection due to administrator command', {
        code: '57P01',
        severity: 'FATAL',
      }),
      'UNAVAILABLE',
      true,
    ],
    [
      'server starting (57P03, FATAL)',
      driverError('the database system is starting up', { code: '57P03', severity: 'FATAL' }),
      'UNAVAILABLE',
      true,
    ],
    [
      'connection refused',
      driverError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED', errno: -111 }),
      'UNAVAILABLE',
      true,
    ],
    ['connection reset', driverError('read ECONNRESET', { code: 'ECONNRESET' }), 'UNAVAILABLE', true],
    ['connection lost, no code', driverError('Connection terminated unexpectedly'), 'UNAVAILABLE', true],
    [
      'too many connections (53300)',
      driverError('sorry, too many clients already', { code: '53300', severity: 'FATAL' }),
      'UNAVAILABLE',
      true,
    ],
    [
      'statement timeout (57014, ERROR)',
      driverError('canceling statement due to statement timeout', { code: '57014', severity: 'ERROR' }),
      'TIMEOUT',
      false,
    ],
    ['client read timeout', driverError('Query read timeout'), 'TIMEOUT', true],
    ['pool connect timeout', driverError('timeout exceeded when trying to connect'), 'TIMEOUT', true],
    [
      'disk full (53100)',
      driverError('could not extend file', { code: '53100', severity: 'ERROR' }),
      'STORAGE_FULL',
      false,
    ],
    [
      'read-only (25006)',
      driverError('cannot execute INSERT in a read-only transaction', { code: '25006', severity: 'ERROR' }),
      'READ_ONLY',
      false,
    ],
    [
      'deadlock (40P01)',
      driverError('deadlock detected', { code: '40P01', severity: 'ERROR' }),
      'BUSY',
      false,
    ],
    [
      'U+0000 in jsonb (22P05)',
      driverError('unsupported Unicode escape sequence', { code: '22P05', severity: 'ERROR' }),
      'INVALID_ARGUMENT',
      false,
    ],
    [
      'index row too large (54000)',
      driverError('index row size exceeds maximum', { code: '54000', severity: 'ERROR' }),
      'INVALID_ARGUMENT',
      false,
    ],
    ['not even an Error', 'boom', 'UNAVAILABLE', true],
  ])('maps %s to %s, the driver error as cause', (_, error, code, mayHaveWrittenWhenSent) => {
    const sent = toEventStoreError(error, 'append', true);
    expect(sent).toBeInstanceOf(EventStoreError);
    expect(sent).toMatchObject({ code, cause: error, mayHaveWritten: mayHaveWrittenWhenSent });
    expect(sent.message).toMatch(/^PostgreSQL append failed: /);
    // Before the statement was sent, nothing can have been written.
    expect(toEventStoreError(error, 'append', false)).toMatchObject({ code, mayHaveWritten: false });
  });

  it("passes the store's own errors through unchanged", () => {
    const conflict = new VersionConflictError('s', 1, 2);
    const invalid = new EventStoreError('INVALID_ARGUMENT', 'streamName must be a string');
    expect(toEventStoreError(conflict, 'append', true)).toBe(conflict);
    expect(toEventStoreError(invalid, 'read', false)).toBe(invalid);
  });

  it('never quotes more than 200 characters of the driver message', () => {
    const error = toEventStoreError(driverError(`x${'y'.repeat(10_000)}`), 'read', false);
    expect(error.message.length).toBeLessThan(260);
  });
});
