import { describe, expect, it } from 'vitest';
import {
  createListPageCache,
  DEFAULT_LIST_PAGE_ENTRIES,
  DEFAULT_LIST_PAGE_TTL_MS,
} from './createListPageCache';

/** A clock that moves only when told. */
const manualClock = (start = 1_000_000) => {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms), set: (at: number) => (now = at) };
};

/** A load that counts its calls and answers the `now` it was asked at. */
const countingLoad = () => {
  const calls: number[] = [];
  return {
    calls,
    load: async (now: number) => {
      calls.push(now);
      return `{"now":${now}}`;
    },
  };
};

/** A promise resolved or rejected from outside. */
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('createListPageCache', () => {
  it('serves a kept page to the same key, with the body and the now it was computed at', async () => {
    const time = manualClock();
    const cache = createListPageCache({ ttlMs: 100, clock: time.clock });
    const { calls, load } = countingLoad();

    const first = await cache.get('k', load);
    time.advance(40);
    const second = await cache.get('k', load);

    expect(first).toEqual({ body: '{"now":1000000}', now: 1_000_000 });
    expect(second).toBe(first);
    expect(calls).toEqual([1_000_000]);
    expect(cache.size).toBe(1);
  });

  it('serves a page while younger than ttlMs, and computes it again at exactly ttlMs', async () => {
    const time = manualClock();
    const cache = createListPageCache({ ttlMs: 100, clock: time.clock });
    const { calls, load } = countingLoad();

    await cache.get('k', load);
    time.advance(99);
    expect((await cache.get('k', load)).now).toBe(1_000_000);
    time.advance(1);
    const again = await cache.get('k', load);

    expect(again).toEqual({ body: '{"now":1000100}', now: 1_000_100 });
    expect(calls).toEqual([1_000_000, 1_000_100]);
  });

  it('computes every page again after clear (a commit of the catalog)', async () => {
    const time = manualClock();
    const cache = createListPageCache({ ttlMs: 100, clock: time.clock });
    const { calls, load } = countingLoad();
    await cache.get('a', load);
    await cache.get('b', load);

    time.advance(1);
    cache.clear();

    expect(cache.size).toBe(0);
    expect((await cache.get('a', load)).now).toBe(1_000_001);
    expect(calls).toEqual([1_000_000, 1_000_000, 1_000_001]);
  });

  it('keeps at most maxEntries pages, evicting the least recently used', async () => {
    const cache = createListPageCache({ ttlMs: 100, maxEntries: 2, clock: manualClock().clock });
    const { calls, load } = countingLoad();
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a hit: b is now the least recently used

    await cache.get('c', load);

    expect(cache.size).toBe(2);
    expect(calls).toHaveLength(3);
    await cache.get('a', load); // kept
    await cache.get('c', load); // kept
    expect(calls).toHaveLength(3);
    await cache.get('b', load); // evicted: loaded again
    expect(calls).toHaveLength(4);
  });

  it('shares one load among the requests for a key that arrive while it runs', async () => {
    const cache = createListPageCache({ ttlMs: 100, clock: manualClock().clock });
    const pending = deferred<string>();
    let loads = 0;
    const load = () => {
      loads++;
      return pending.promise;
    };

    const answers = [cache.get('k', load), cache.get('k', load), cache.get('k', load)];
    const other = cache.get('other', async () => 'other');
    pending.resolve('{"shared":true}');

    const pages = await Promise.all(answers);
    expect(loads).toBe(1);
    expect(pages.map((page) => page.body)).toEqual(Array(3).fill('{"shared":true}'));
    expect((await other).body).toBe('other');
    await cache.get('k', load);
    expect(loads).toBe(1); // kept once loaded
  });

  it('keeps no failed load: its sharers get the error, and the next request loads again', async () => {
    const cache = createListPageCache({ ttlMs: 100, clock: manualClock().clock });
    const pending = deferred<string>();
    let loads = 0;
    const failing = () => {
      loads++;
      return pending.promise;
    };
    const answers = [cache.get('k', failing), cache.get('k', failing)];
    pending.reject(new Error('database down'));

    for (const answer of answers) await expect(answer).rejects.toThrow('database down');
    expect(loads).toBe(1);
    expect(cache.size).toBe(0);

    const { calls, load } = countingLoad();
    expect((await cache.get('k', load)).body).toBe('{"now":1000000}');
    expect(calls).toHaveLength(1);
    await cache.get('k', load);
    expect(calls).toHaveLength(1);
  });

  it('turns a load that throws at once into a rejection that is not kept either', async () => {
    const cache = createListPageCache({ ttlMs: 100, clock: manualClock().clock });
    const throwing = (): Promise<string> => {
      throw new Error('bad query');
    };
    await expect(cache.get('k', throwing)).rejects.toThrow('bad query');
    expect((await cache.get('k', async () => 'fine')).body).toBe('fine');
  });

  it('does not keep a load begun before a clear, nor let later requests join it', async () => {
    const cache = createListPageCache({ ttlMs: 100, clock: manualClock().clock });
    const before = deferred<string>();
    const early = cache.get('k', () => before.promise);

    cache.clear();
    const after = deferred<string>();
    let laterLoads = 0;
    const late = cache.get('k', () => {
      laterLoads++;
      return after.promise;
    });
    after.resolve('after the commit');
    expect((await late).body).toBe('after the commit');
    before.resolve('before the commit');

    expect((await early).body).toBe('before the commit'); // its callers still get it
    expect(laterLoads).toBe(1);
    expect((await cache.get('k', async () => 'unused')).body).toBe('after the commit');
  });

  it('loads again after a clear that came while the only load ran', async () => {
    const cache = createListPageCache({ ttlMs: 100, clock: manualClock().clock });
    const before = deferred<string>();
    const early = cache.get('k', () => before.promise);
    cache.clear();
    before.resolve('before the commit');
    await early;

    expect(cache.size).toBe(0);
    expect((await cache.get('k', async () => 'after the commit')).body).toBe('after the commit');
  });

  it('keeps no page whose load took ttlMs or more', async () => {
    const time = manualClock();
    const cache = createListPageCache({ ttlMs: 100, clock: time.clock });
    const slow = async () => {
      time.advance(100);
      return 'slow';
    };
    expect(await cache.get('k', slow)).toEqual({ body: 'slow', now: 1_000_000 });
    expect(cache.size).toBe(0);
  });

  it('serves no page computed at a later moment than the clock says now (the clock went back)', async () => {
    const time = manualClock();
    const cache = createListPageCache({ ttlMs: 100, clock: time.clock });
    const { calls, load } = countingLoad();
    await cache.get('k', load);
    time.set(999_990);
    expect((await cache.get('k', load)).now).toBe(999_990);
    expect(calls).toEqual([1_000_000, 999_990]);
  });

  it('with ttlMs 0 keeps nothing and shares nothing: every request computes its page', async () => {
    const cache = createListPageCache({ ttlMs: 0, clock: manualClock().clock });
    const { calls, load } = countingLoad();
    await Promise.all([cache.get('k', load), cache.get('k', load)]);
    await cache.get('k', load);
    expect(calls).toHaveLength(3);
    expect(cache.size).toBe(0);
  });

  it('defaults to 100 ms and 256 pages', async () => {
    expect(DEFAULT_LIST_PAGE_TTL_MS).toBe(100);
    expect(DEFAULT_LIST_PAGE_ENTRIES).toBe(256);
    const time = manualClock();
    const cache = createListPageCache({ clock: time.clock });
    const { calls, load } = countingLoad();
    for (let i = 0; i <= 256; i++) await cache.get(`k${i}`, load);
    expect(cache.size).toBe(256);
    time.advance(99);
    await cache.get('k256', load);
    expect(calls).toHaveLength(257);
  });

  it('names an option out of range', () => {
    expect(() => createListPageCache({ ttlMs: -1 })).toThrow(/ttlMs must be a whole number from 0/);
    expect(() => createListPageCache({ ttlMs: 1.5 })).toThrow(/ttlMs/);
    expect(() => createListPageCache({ maxEntries: 0 })).toThrow(/maxEntries must be a whole number from 1/);
    expect(() => createListPageCache({ maxEntries: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'maxEntries' }),
    );
  });
});
