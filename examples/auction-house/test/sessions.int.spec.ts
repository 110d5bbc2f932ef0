import { type EventStore, getInMemoryEventStore } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStreamName } from '../src/streams/sessionStream';
import { request, signIn, type TestUser } from './apiClient';
import { startTestHouse, type TestHouse } from './testHouse';

const TTL_MS = 60_000;
const SECRET = 'sessions-secret';

/** Counts the store's reads of session streams: how often the sign-out check reached the database. */
const countingSessionReads = (store: EventStore) => {
  let reads = 0;
  const counted: EventStore = {
    ...store,
    readStream: (streamName, options) => {
      if (streamName.startsWith('session-')) reads++;
      return store.readStream(streamName, options);
    },
  };
  return { store: counted, reads: () => reads };
};

const whoAmI = (base: string, user: TestUser) =>
  request(base, 'GET', '/api/session', { cookie: user.cookie });

const expectUnauthenticated = (answer: { status: number; body: unknown }) => {
  expect(answer.status).toBe(401);
  expect(answer.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: expect.any(String) });
};

describe('sessions that end, on two instances sharing a store', () => {
  const shared = getInMemoryEventStore();
  const counting = countingSessionReads(shared);
  /** The instances' clock: the real one, or a moment a test holds it at. */
  let frozenAt: number | null = null;
  const clock = () => frozenAt ?? Date.now();
  let a: TestHouse;
  let b: TestHouse;

  beforeAll(async () => {
    const options = { secret: SECRET, keepStoreOpen: true, clock, limits: { sessionTtlMs: TTL_MS } };
    a = await startTestHouse({ ...options, store: counting.store });
    b = await startTestHouse({ ...options, store: counting.store });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await shared.close();
  });

  it('DELETE /api/session on A answers 204; the very next request with that cookie is 401 on B, and on A', async () => {
    const user = await signIn(a.url, 'Leaving');
    const other = await signIn(a.url, 'Staying');
    expect((await whoAmI(b.url, user)).status).toBe(200);
    const out = await request(a.url, 'DELETE', '/api/session', { cookie: user.cookie });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    expect(out.headers.get('set-cookie')).toMatch(/^gavel_session=;/);
    expectUnauthenticated(await whoAmI(b.url, user));
    expectUnauthenticated(await whoAmI(a.url, user));
    expectUnauthenticated(
      await request(b.url, 'POST', '/api/auctions', {
        cookie: user.cookie,
        body: { title: 'x', startingPrice: 100, durationMs: 60_000 },
      }),
    );
    // Another session of the same store is not affected.
    expect((await whoAmI(b.url, other)).body).toEqual({ userId: other.userId, name: 'Staying' });
    // The sign-out is in the store's database, where every instance looks.
    const recorded = await shared.readStream(sessionStreamName(sessionIdOf(user)));
    expect(recorded.events).toEqual([
      expect.objectContaining({
        type: 'SessionEnded',
        data: { sessionId: sessionIdOf(user), userId: user.userId, at: expect.any(Number) },
      }),
    ]);
  });

  it('signing out on B, where the session was never seen, is refused on A at once', async () => {
    const user = await signIn(a.url, 'Elsewhere');
    expect((await request(b.url, 'DELETE', '/api/session', { cookie: user.cookie })).status).toBe(204);
    expectUnauthenticated(await whoAmI(a.url, user));
  });

  it('refuses an ended session from memory after the first refusal (no read of the store), and never caches a live one', async () => {
    const user = await signIn(a.url, 'Cached');
    const live = await signIn(a.url, 'Live');
    const before = counting.reads();
    await whoAmI(a.url, live);
    await whoAmI(a.url, live);
    expect(counting.reads() - before).toBe(2);
    await request(b.url, 'DELETE', '/api/session', { cookie: user.cookie });
    const afterSignOut = counting.reads();
    expectUnauthenticated(await whoAmI(a.url, user));
    expect(counting.reads() - afterSignOut).toBe(1);
    for (let i = 0; i < 5; i++) expectUnauthenticated(await whoAmI(a.url, user));
    expect(counting.reads() - afterSignOut).toBe(1);
  });

  it('signing out twice, or without a session, answers 204', async () => {
    const user = await signIn(a.url, 'Twice');
    expect((await request(a.url, 'DELETE', '/api/session', { cookie: user.cookie })).status).toBe(204);
    expect((await request(b.url, 'DELETE', '/api/session', { cookie: user.cookie })).status).toBe(204);
    expect((await request(a.url, 'DELETE', '/api/session')).status).toBe(204);
    expect((await shared.readStream(sessionStreamName(sessionIdOf(user)))).events).toHaveLength(1);
  });

  it('accepts a cookie up to GAVEL_SESSION_TTL_MS old, and refuses it 1 ms later on both instances', async () => {
    const user = await signIn(a.url, 'Ageing');
    const issuedAt = issuedAtOf(user);
    try {
      frozenAt = issuedAt + TTL_MS;
      expect((await whoAmI(a.url, user)).status).toBe(200);
      expect((await whoAmI(b.url, user)).status).toBe(200);
      frozenAt = issuedAt + TTL_MS + 1;
      expectUnauthenticated(await whoAmI(a.url, user));
      expectUnauthenticated(await whoAmI(b.url, user));
      // A fresh sign-in at the new time works.
      expect((await whoAmI(b.url, await signIn(b.url, 'Fresh'))).status).toBe(200);
    } finally {
      frozenAt = null;
    }
  });

  it('accepts an issue time up to a minute ahead of the clock (instances differ a little), not more', async () => {
    const user = await signIn(a.url, 'Early');
    const issuedAt = issuedAtOf(user);
    try {
      frozenAt = issuedAt - 60_000;
      expect((await whoAmI(b.url, user)).status).toBe(200);
      frozenAt = issuedAt - 60_001;
      expectUnauthenticated(await whoAmI(b.url, user));
    } finally {
      frozenAt = null;
    }
  });

  it('sets a cookie the browser keeps for the TTL', async () => {
    const answer = await request(a.url, 'POST', '/api/session', { body: { name: 'Kept' } });
    expect(answer.headers.get('set-cookie')).toMatch(new RegExp(`Max-Age=${TTL_MS / 1000}(;|$)`));
  });

  it('refuses a cookie whose issue time was changed (the signature no longer holds), or from the future', async () => {
    const user = await signIn(a.url, 'Forger');
    const [name, value] = user.cookie.split('=') as [string, string];
    const parts = value.split('.');
    expect(parts).toHaveLength(5);
    const issuedAt = Number(parts[2]);
    expect(Math.abs(issuedAt - Date.now())).toBeLessThan(10_000);
    parts[2] = String(issuedAt + 10 * TTL_MS);
    expectUnauthenticated(await whoAmI(a.url, { ...user, cookie: `${name}=${parts.join('.')}` }));
    // Signed with the secret, but issued further ahead than the allowed clock skew: refused too.
    const future = a.house.app.signCookie(
      [parts[0], parts[1], String(Date.now() + 120_000), parts[3]].join('.'),
    );
    expectUnauthenticated(await whoAmI(b.url, { ...user, cookie: `${name}=${future}` }));
    const honest = a.house.app.signCookie([parts[0], parts[1], String(Date.now()), parts[3]].join('.'));
    expect((await whoAmI(b.url, { ...user, cookie: `${name}=${honest}` })).status).toBe(200);
  });

  it('refuses a cookie of the old format (user id and name, no issue time), even signed with the secret', async () => {
    const user = await signIn(a.url, 'Old');
    const old = a.house.app.signCookie(`${user.userId}.${Buffer.from('Old').toString('base64url')}`);
    expectUnauthenticated(await whoAmI(a.url, { ...user, cookie: `gavel_session=${old}` }));
  });
});

/** When a test user's session was issued (the cookie's third part). */
const issuedAtOf = (user: TestUser): number => Number((user.cookie.split('=')[1] ?? '').split('.')[2]);

/** The session id a test user's cookie carries (its first part). */
const sessionIdOf = (user: TestUser): string => (user.cookie.split('=')[1] ?? '').split('.')[0] ?? '';
