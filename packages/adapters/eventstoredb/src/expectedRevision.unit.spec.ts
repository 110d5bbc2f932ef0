import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toExpectedRevision, toVersion } from './expectedRevision';

describe('version ↔ revision', () => {
  it('maps version 0 to no_stream and version n to revision n - 1', () => {
    expect(toExpectedRevision(0)).toBe('no_stream');
    expect(toExpectedRevision(1)).toBe(0n);
    expect(toExpectedRevision(42)).toBe(41n);
  });

  it('passes the named states through', () => {
    expect(toExpectedRevision('no_stream')).toBe('no_stream');
    expect(toExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toExpectedRevision('any')).toBe('any');
  });

  it('reads a missing stream (no_stream or -1) as version 0', () => {
    expect(toVersion('no_stream')).toBe(0);
    expect(toVersion(-1n)).toBe(0);
  });

  it('round-trips every positive version', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (version) => {
        const revision = toExpectedRevision(version);
        expect(typeof revision).toBe('bigint');
        expect(toVersion(revision as bigint)).toBe(version);
      }),
    );
  });
});
