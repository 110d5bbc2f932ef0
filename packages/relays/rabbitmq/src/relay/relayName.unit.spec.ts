import { describe, expect, it } from 'vitest';
import { defaultRelayName } from './relayName';

describe('defaultRelayName', () => {
  it('names the relay after its exchange and audience', () => {
    expect(defaultRelayName('gavel.events', 'internal')).toBe('gavel-rabbitmq-relay-gavel.events');
    expect(defaultRelayName('gavel.public', 'public')).toBe('gavel-rabbitmq-relay-gavel.public-public');
    expect(defaultRelayName('x', 'internal')).not.toBe(defaultRelayName('x', 'public'));
  });

  it('gives a valid processor name, distinct per exchange, for any exchange name', () => {
    const names = ['bids:eu', 'bids;eu', 'enchères', 'x'.repeat(255), `${'x'.repeat(254)}y`];
    const made = names.map((exchange) => defaultRelayName(exchange, 'internal'));
    for (const name of made) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,100}$/);
    expect(new Set(made).size).toBe(names.length);
  });
});
