import { JetStreamApiError } from '@nats-io/jetstream';
import {
  ClosedConnectionError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { isNatsRelayError, NatsRelayError, toNatsRelayError } from './natsRelayError';

const named = (name: string): Error => Object.assign(new Error('whatever the text says'), { name });

describe('toNatsRelayError', () => {
  it.each([
    ['a timeout', new TimeoutError(), 'PUBLISH_TIMEOUT'],
    ['no responders', new RequestError('', { cause: new NoRespondersError('gavel.x') }), 'NO_RESPONDERS'],
    [
      'JetStream not enabled (how publish reports no responders)',
      named('JetStreamNotEnabled'),
      'NO_RESPONDERS',
    ],
    ['a closed connection', new ClosedConnectionError(), 'CONNECTION_CLOSED'],
    [
      'an API error',
      new JetStreamApiError({ code: 503, err_code: 10077, description: 'full' }),
      'PUBLISH_REJECTED',
    ],
    ['anything else', new Error('boom'), 'BROKER_ERROR'],
  ])('sorts %s by its type, not its text', (_, error, code) => {
    const sorted = toNatsRelayError(error, 'publishing x');
    expect(sorted).toBeInstanceOf(NatsRelayError);
    expect(sorted.code).toBe(code);
    expect(sorted.cause).toBe(error);
    expect(sorted.message).toContain('publishing x');
  });

  it('keeps the API error code, and passes a NatsRelayError through', () => {
    const rejected = toNatsRelayError(
      new JetStreamApiError({ code: 503, err_code: 10077, description: 'x' }),
      'p',
    );
    expect(rejected.apiCode).toBe(10077);
    expect(toNatsRelayError(rejected, 'again')).toBe(rejected);
  });

  it('recognises a NatsRelayError of another copy of the package by its name and code', () => {
    expect(
      isNatsRelayError(Object.assign(new Error('x'), { name: 'NatsRelayError', code: 'NO_RESPONDERS' })),
    ).toBe(true);
    expect(isNatsRelayError(named('NatsRelayError'))).toBe(false);
    expect(isNatsRelayError('NatsRelayError')).toBe(false);
  });
});
