import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConnectionCaps } from './connectionCaps';
import { emptyFeedStats } from './feedStats';

const socket = (): Duplex => new EventEmitter() as Duplex;

describe('connection caps', () => {
  it('refuses past the total first, then past the address, and counts the refusals', () => {
    const stats = emptyFeedStats();
    const caps = createConnectionCaps({ maxConnections: 2, maxConnectionsPerAddress: 1, stats });

    expect(caps.admit('a', socket())).toBeNull();
    expect(caps.admit('a', socket())).toBe('address');
    expect(caps.admit('b', socket())).toBeNull();
    expect(caps.admit('a', socket())).toBe('total'); // both reached: the total is named
    expect(caps.admit('c', socket())).toBe('total');

    expect(stats).toMatchObject({ addresses: 2, refusedOverTotalCap: 2, refusedOverAddressCap: 1 });
  });

  it('gives a slot back once, when its socket closes, and forgets an address without connections', () => {
    const stats = emptyFeedStats();
    const caps = createConnectionCaps({ maxConnections: 3, maxConnectionsPerAddress: 2, stats });
    const [first, second] = [socket(), socket()];
    caps.admit('a', first);
    caps.admit('a', second);
    expect(caps.admit('a', socket())).toBe('address');

    first.emit('close');
    first.emit('close'); // a second close gives nothing back

    expect(stats.addresses).toBe(1);
    const third = socket();
    expect(caps.admit('a', third)).toBeNull();
    expect(caps.admit('a', socket())).toBe('address');
    second.emit('close');
    third.emit('close');
    expect(stats.addresses).toBe(0);
    expect(caps.admit('b', socket())).toBeNull();
    expect(caps.admit('c', socket())).toBeNull();
    expect(caps.admit('d', socket())).toBeNull();
    expect(caps.admit('e', socket())).toBe('total');
  });
});
