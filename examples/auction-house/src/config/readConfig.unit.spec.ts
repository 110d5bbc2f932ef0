import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits';
import { DEFAULT_STORE, readConfig } from './readConfig';

describe('readConfig', () => {
  it('has the contract defaults, and a random secret when GAVEL_SECRET is unset', () => {
    const first = readConfig({});
    expect(first).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: DEFAULT_STORE,
      demo: true,
      secretIsRandom: true,
    });
    expect(DEFAULT_STORE).toBe('sqlite:./data/gavel.db');
    expect(readConfig({}).secret).not.toBe(first.secret);
  });

  it('reads the environment', () => {
    expect(
      readConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        GAVEL_STORE: 'postgres://h/db',
        GAVEL_SECRET: 's',
        GAVEL_DEMO: 'off',
      }),
    ).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      store: 'postgres://h/db',
      secret: 's',
      secretIsRandom: false,
      demo: false,
    });
    expect(readConfig({ PORT: '', GAVEL_DEMO: 'false' })).toMatchObject({ port: 3000, demo: false });
  });

  it('names the bad variable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/^PORT/);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/^PORT/);
    expect(() => readConfig({ GAVEL_DEMO: 'maybe' })).toThrow(/^GAVEL_DEMO: must be on or off/);
  });

  it('has the documented limits by default: 7-day sessions, 30 sign-ins a minute, 30 auctions an hour, 30 s requests', () => {
    const config = readConfig({});
    expect(config.limits).toEqual({
      sessionTtlMs: 604_800_000,
      signInsPerMinute: 30,
      auctionsPerHour: 30,
      auctionsPerHourPerAddress: 300,
      bidsPerSecond: 50,
      requestTimeoutMs: 30_000,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 200,
      feedMaxConnections: 5_000,
      feedMaxConnectionsPerAddress: 100,
    });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.redisUrl).toBeUndefined();
    expect(config.trustProxy).toBe(false);
  });

  it('reads every limit, GAVEL_REDIS and GAVEL_TRUST_PROXY', () => {
    const config = readConfig({
      GAVEL_SESSION_TTL_MS: '3600000',
      GAVEL_SIGNIN_PER_MINUTE: '5',
      GAVEL_AUCTIONS_PER_HOUR: '2',
      GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS: '20',
      GAVEL_BIDS_PER_SECOND: '25',
      GAVEL_REQUEST_TIMEOUT_MS: '1000',
      GAVEL_MAX_CONNECTIONS: '100',
      GAVEL_MAX_CONNECTIONS_PER_ADDRESS: '10',
      GAVEL_FEED_MAX_CONNECTIONS: '50',
      GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS: '5',
      GAVEL_REDIS: 'redis://:pw@cache.internal:6379/2',
      GAVEL_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    });
    expect(config.limits).toEqual({
      sessionTtlMs: 3_600_000,
      signInsPerMinute: 5,
      auctionsPerHour: 2,
      auctionsPerHourPerAddress: 20,
      bidsPerSecond: 25,
      requestTimeoutMs: 1000,
      maxConnections: 100,
      maxConnectionsPerAddress: 10,
      feedMaxConnections: 50,
      feedMaxConnectionsPerAddress: 5,
    });
    expect(config.redisUrl).toBe('redis://:pw@cache.internal:6379/2');
    expect(config.trustProxy).toBe('10.0.0.0/8,127.0.0.1');
    expect(readConfig({ GAVEL_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({ GAVEL_REDIS: 'rediss://cache:6380' }).redisUrl).toBe('rediss://cache:6380');
  });

  it('reads GAVEL_LIST_CACHE_MS: 100 by default, 0 turns the list cache off, at most a minute', () => {
    expect(readConfig({}).listCacheMs).toBe(100);
    expect(readConfig({ GAVEL_LIST_CACHE_MS: '0' }).listCacheMs).toBe(0);
    expect(readConfig({ GAVEL_LIST_CACHE_MS: '250' }).listCacheMs).toBe(250);
    expect(readConfig({ GAVEL_LIST_CACHE_MS: '' }).listCacheMs).toBe(100);
    expect(() => readConfig({ GAVEL_LIST_CACHE_MS: '-1' })).toThrow(
      /^GAVEL_LIST_CACHE_MS: must be at least 0/,
    );
    expect(() => readConfig({ GAVEL_LIST_CACHE_MS: '1.5' })).toThrow(/^GAVEL_LIST_CACHE_MS: must be a whole/);
    expect(() => readConfig({ GAVEL_LIST_CACHE_MS: '60001' })).toThrow(
      /^GAVEL_LIST_CACHE_MS: must be at most 60000/,
    );
    expect(() => readConfig({ GAVEL_LIST_CACHE_MS: 'soon' })).toThrow(/^GAVEL_LIST_CACHE_MS/);
  });

  it('names a bad limit', () => {
    expect(() => readConfig({ GAVEL_SIGNIN_PER_MINUTE: '0' })).toThrow(
      /^GAVEL_SIGNIN_PER_MINUTE: must be at least 1/,
    );
    expect(() => readConfig({ GAVEL_SESSION_TTL_MS: 'week' })).toThrow(/^GAVEL_SESSION_TTL_MS/);
    expect(() => readConfig({ GAVEL_AUCTIONS_PER_HOUR: '1.5' })).toThrow(
      /^GAVEL_AUCTIONS_PER_HOUR: must be a whole/,
    );
    expect(() => readConfig({ GAVEL_REQUEST_TIMEOUT_MS: '0' })).toThrow(/^GAVEL_REQUEST_TIMEOUT_MS/);
    // The contract promises at least 20 bids a second per user.
    expect(() => readConfig({ GAVEL_BIDS_PER_SECOND: '19' })).toThrow(
      /^GAVEL_BIDS_PER_SECOND: must be at least 20/,
    );
    expect(() => readConfig({ GAVEL_MAX_CONNECTIONS_PER_ADDRESS: '-1' })).toThrow(
      /^GAVEL_MAX_CONNECTIONS_PER_ADDRESS/,
    );
    expect(() => readConfig({ GAVEL_REDIS: 'http://cache:6379' })).toThrow(/^GAVEL_REDIS: must be a redis/);
    expect(() => readConfig({ GAVEL_TRUST_PROXY: 'a b' })).toThrow(/^GAVEL_TRUST_PROXY/);
  });
});
