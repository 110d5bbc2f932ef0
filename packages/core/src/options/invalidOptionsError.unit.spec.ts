import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, isInvalidOptionsError } from './invalidOptionsError';

describe('InvalidOptionsError', () => {
  it('is a TypeError with the code INVALID_OPTIONS and the path of the wrong option', () => {
    const cause = new Error('below');
    const error = new InvalidOptionsError(
      'retry.maxAttempts',
      'retry.maxAttempts must be a positive integer',
      {
        cause,
      },
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      name: 'InvalidOptionsError',
      code: 'INVALID_OPTIONS',
      path: 'retry.maxAttempts',
      message: 'retry.maxAttempts must be a positive integer',
      cause,
    });
  });

  it('is recognised by isInvalidOptionsError, by class or by code, and nothing else is', () => {
    expect(isInvalidOptionsError(new InvalidOptionsError('', 'options must be an object'))).toBe(true);
    const copy = Object.assign(new TypeError('from another copy'), { code: 'INVALID_OPTIONS' });
    expect(isInvalidOptionsError(copy)).toBe(true);
    expect(isInvalidOptionsError(new TypeError('x'))).toBe(false);
    expect(isInvalidOptionsError({ code: 'INVALID_OPTIONS' })).toBe(false);
    expect(isInvalidOptionsError(null)).toBe(false);
  });
});
