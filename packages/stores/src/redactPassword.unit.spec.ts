import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactPassword } from './redactPassword';

describe('redactPassword', () => {
  it.each([
    ['postgres://gavel:s3cret@db.example:5432/gavel', 'postgres://gavel:***@db.example:5432/gavel'],
    ['redis://:hunter2@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['esdb://admin:changeit@localhost:2113?tls=false', 'esdb://admin:***@localhost:2113?tls=false'],
    ['postgres://gavel@db/gavel', 'postgres://gavel@db/gavel'],
    ['sqlite:./data/gavel.db', 'sqlite:./data/gavel.db'],
  ])('%s → %s', (url, expected) => {
    expect(redactPassword(url)).toBe(expected);
  });

  it('never leaves the password of a URL in the text', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(part, fc.stringMatching(/^[A-Za-z0-9_!~*-]{6,20}$/), part, (user, password, host) => {
        const redacted = redactPassword(`postgres://${user}:${password}@${host}:5432/db`);
        expect(redacted).toBe(`postgres://${user}:***@${host}:5432/db`);
      }),
    );
  });
});
