import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { defaultServiceRetry } from '../timing/retry';
import { systemScheduler } from '../timing/scheduler';
import { resolveServiceOptions } from './auctionServiceOptions';

/** The error a bad option throws: an `InvalidOptionsError` naming it by its path. */
const invalid = (path: string, message: string) =>
  expect.objectContaining({ name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path, message });

const store = getInMemoryEventStore();

/** Numbers of every kind: integers around the bounds, fractions, huge, infinite and NaN. */
const anyNumber = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53 - 1, 2 ** 53, Number.POSITIVE_INFINITY, Number.NaN, 1.5, 2.000_001),
);

describe('resolveServiceOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolveServiceOptions({ store });
    expect(resolved).toEqual({
      store,
      clock: Date.now,
      random: Math.random,
      retry: defaultServiceRetry,
      maxBatchSize: 256,
      maxCachedAuctions: 10_000,
      maxCachedBidsPerAuction: 50_000,
      timeoutMs: 10_000,
      scheduler: systemScheduler,
      now: expect.any(Function),
    });
    expect(resolved.store).toBe(store);
    expect(resolved.clock).toBe(Date.now);
    expect(resolved.random).toBe(Math.random);
  });

  it('keeps the options given, a partial retry policy completed by the defaults', () => {
    const clock = () => 7;
    const random = () => 0.5;
    const scheduler = { setTimeout: () => 0, clearTimeout: () => {} };
    const now = () => 3;
    expect(
      resolveServiceOptions({
        store,
        clock,
        random,
        retry: { maxAttempts: 3 },
        maxBatchSize: 1,
        maxCachedAuctions: 1,
        maxCachedBidsPerAuction: 2,
        timeoutMs: 1,
        scheduler,
        now,
      }),
    ).toEqual({
      store,
      clock,
      random,
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 50, jitter: 'full' },
      maxBatchSize: 1,
      maxCachedAuctions: 1,
      maxCachedBidsPerAuction: 2,
      timeoutMs: 1,
      scheduler,
      now,
    });
    expect(resolveServiceOptions({ store, retry: { initialDelayMs: 0, maxDelayMs: 7 } }).retry).toEqual({
      maxAttempts: 10,
      initialDelayMs: 0,
      maxDelayMs: 7,
      jitter: 'full',
    });
  });

  it('takes a positive safe integer for maxBatchSize and maxCachedAuctions, and refuses anything else naming it', () => {
    fc.assert(
      fc.property(anyNumber, fc.constantFrom('maxBatchSize', 'maxCachedAuctions'), (value, name) => {
        const resolve = () => resolveServiceOptions({ store, [name]: value });
        if (Number.isSafeInteger(value) && value >= 1) expect(resolve()[name as 'maxBatchSize']).toBe(value);
        else expect(resolve).toThrow(invalid(name, `${name} must be a positive integer`));
      }),
      seeded(400),
    );
  });

  it('takes a safe integer of at least 2 for maxCachedBidsPerAuction, and refuses anything else', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        const resolve = () => resolveServiceOptions({ store, maxCachedBidsPerAuction: value });
        if (Number.isSafeInteger(value) && value >= 2) expect(resolve().maxCachedBidsPerAuction).toBe(value);
        else
          expect(resolve).toThrow(
            invalid('maxCachedBidsPerAuction', 'maxCachedBidsPerAuction must be an integer of at least 2'),
          );
      }),
      seeded(300),
    );
    expect(() => resolveServiceOptions({ store, maxCachedBidsPerAuction: 1 })).toThrow(TypeError);
  });

  it("takes the store's timeoutMs as its deadline unless given one", () => {
    const slow = getInMemoryEventStore({ timeoutMs: 2_500 });
    expect(resolveServiceOptions({ store: slow }).timeoutMs).toBe(2_500);
    expect(resolveServiceOptions({ store: slow, timeoutMs: 700 }).timeoutMs).toBe(700);
    const { timeoutMs: _, ...silent } = slow;
    expect(resolveServiceOptions({ store: silent }).timeoutMs).toBe(10_000);
  });

  it('takes an integer from 1 to 2^31 - 1 for timeoutMs (what a timer can wait), and refuses anything else', () => {
    fc.assert(
      fc.property(fc.oneof(anyNumber, fc.constantFrom(2 ** 31 - 1, 2 ** 31)), (value) => {
        const resolve = () => resolveServiceOptions({ store, timeoutMs: value });
        if (Number.isSafeInteger(value) && value >= 1 && value < 2 ** 31)
          expect(resolve().timeoutMs).toBe(value);
        else
          expect(resolve).toThrow(invalid('timeoutMs', 'timeoutMs must be an integer from 1 to 2147483647'));
      }),
      seeded(300),
    );
  });

  it('refuses a wrong retry policy with an InvalidOptionsError naming its field', () => {
    expect(() => resolveServiceOptions({ store, retry: { maxAttempts: 0 } })).toThrow(
      invalid('retry.maxAttempts', 'retry.maxAttempts must be a positive integer'),
    );
    expect(() => resolveServiceOptions({ store, retry: { maxDelayMs: -1 } })).toThrow(
      invalid('retry.maxDelayMs', 'retry.maxDelayMs must be a number no smaller than retry.initialDelayMs'),
    );
  });
});
