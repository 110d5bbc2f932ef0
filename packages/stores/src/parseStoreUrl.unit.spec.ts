import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from './parseStoreUrl';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:./data/gavel.db', { kind: 'sqlite', path: './data/gavel.db' }],
    ['sqlite:/var/lib/gavel.db', { kind: 'sqlite', path: '/var/lib/gavel.db' }],
    ['sqlite:///var/lib/gavel.db', { kind: 'sqlite', path: '/var/lib/gavel.db' }],
    ['sqlite://data/gavel.db', { kind: 'sqlite', path: 'data/gavel.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['SQLite:x.db', { kind: 'sqlite', path: 'x.db' }],
    [
      'postgres://u@127.0.0.1:5432/test',
      { kind: 'postgres', connectionString: 'postgres://u@127.0.0.1:5432/test' },
    ],
    ['postgresql://h/db', { kind: 'postgres', connectionString: 'postgresql://h/db' }],
    [
      'postgres://h/db?schema=audit_1',
      { kind: 'postgres', connectionString: 'postgres://h/db', schema: 'audit_1' },
    ],
    [
      'postgres://h/db?sslmode=disable&schema=s2&application_name=x',
      {
        kind: 'postgres',
        connectionString: 'postgres://h/db?sslmode=disable&application_name=x',
        schema: 's2',
      },
    ],
    [
      'esdb://localhost:2113?tls=false',
      { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' },
    ],
    ['esdb+discover://a:2113,b:2113', { kind: 'esdb', connectionString: 'esdb+discover://a:2113,b:2113' }],
    [
      'kurrentdb://localhost:2113?tls=false',
      { kind: 'esdb', connectionString: 'kurrentdb://localhost:2113?tls=false' },
    ],
    [
      'kurrentdb+discover://a:2113,b:2113',
      { kind: 'esdb', connectionString: 'kurrentdb+discover://a:2113,b:2113' },
    ],
  ])('reads %s', (url, location) => {
    expect(parseStoreUrl(url)).toEqual({ ok: true, location });
  });

  it.each([
    ['', /required/],
    ['   ', /required/],
    ['sqlite:', /names no SQLite file/],
    ['mysql://h/db', /not a store URL/],
    ['./gavel.db', /not a store URL/],
    ['postgres://', /not a PostgreSQL URL/],
    ['esdb://', /not an EventStoreDB URL/],
    ['kurrentdb://', /not an EventStoreDB URL/],
    ['kurrentdb+discover:///x', /not an EventStoreDB URL/],
  ])('refuses %j with a one-line message', (url, message) => {
    const parsed = parseStoreUrl(url);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe('INVALID_STORE_URL');
    expect(parsed.message).toMatch(message);
    expect(parsed.message).not.toContain('\n');
  });

  it('refuses what is not a string', () => {
    expect(parseStoreUrl(42)).toMatchObject({ ok: false, code: 'INVALID_STORE_URL' });
  });
});
