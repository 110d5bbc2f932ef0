import { getInMemoryEventStore } from '@gavel/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { type NatsRelayOptions, normalizeRelayOptions } from './relayOptions';

const store = getInMemoryEventStore();
const connection = { request: () => Promise.resolve() } as unknown as NatsConnection;

describe('normalizeRelayOptions', () => {
  it('fills in the defaults: GAVEL, gavel, a name of its own, 2 minutes', () => {
    expect(normalizeRelayOptions({ store, connection })).toMatchObject({
      stream: 'GAVEL',
      subjectPrefix: 'gavel',
      name: 'gavel-nats-relay-GAVEL',
      replicas: 1,
      duplicateWindowMs: 120_000,
      publishTimeoutMs: 5_000,
      mask: undefined,
    });
    const mask = () => 'm';
    expect(normalizeRelayOptions({ store, connection, audience: 'public', mask })).toMatchObject({
      stream: 'GAVEL_PUBLIC',
      subjectPrefix: 'gavel-public',
      name: 'gavel-nats-relay-GAVEL_PUBLIC-public',
      mask,
    });
    expect(normalizeRelayOptions({ store, connection, stream: 'BIDS' }).name).toBe('gavel-nats-relay-BIDS');
  });

  it.each([
    [{ connection: undefined }, 'connection'],
    [{ stream: 'a.b' }, 'stream'],
    [{ stream: '' }, 'stream'],
    [{ subjectPrefix: 'gavel.>' }, 'subjectPrefix'],
    [{ subjectPrefix: 'a..b' }, 'subjectPrefix'],
    [{ duplicateWindowMs: 60_000 }, 'duplicateWindowMs'],
    [{ replicas: 0 }, 'replicas'],
    [{ publishTimeoutMs: 1.5 }, 'publishTimeoutMs'],
    [{ audience: 'public' }, 'mask'],
    [{ audience: 'secrets' }, 'audience'],
  ])('refuses %j, naming %s', (bad, name) => {
    const attempt = () => normalizeRelayOptions({ store, connection, ...bad } as unknown as NatsRelayOptions);
    expect(attempt).toThrow(new RegExp(`createNatsRelay: ${name}`));
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', path: name }));
  });
});
