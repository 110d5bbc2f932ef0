import { once } from 'node:events';
import { getInMemoryEventStore } from '@gavel/core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFeed } from '../test/feedTestKit';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A client that keeps every message it receives; `token` goes in a header `authenticate` reads. */
const client = async (url: string, token?: string) => {
  const socket = new WebSocket(url, token === undefined ? {} : { headers: { 'x-test-user': token } });
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await once(socket, 'open');
  cleanup.push(async () => {
    if (socket.readyState === WebSocket.CLOSED) return;
    socket.terminate();
    await once(socket, 'close');
  });
  return { socket, messages };
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('notifications on the feed', () => {
  it("sends a user's notifications to that user's authenticated connections only", async () => {
    const feed = await startFeed(getInMemoryEventStore(), {
      authenticate: (request) => {
        const user = request.headers['x-test-user'];
        return typeof user === 'string' ? user : null;
      },
    });
    cleanup.push(feed.close);
    const alice = [await client(feed.url, 'alice'), await client(feed.url, 'alice')];
    const bob = await client(feed.url, 'bob');
    const anonymous = await client(feed.url);
    await settle();
    const outbid = {
      id: 'lot-1@3:outbid:leader',
      kind: 'outbid',
      userId: 'alice',
      auctionId: 'lot-1',
      price: 1200,
    };
    expect(feed.feed.notify(outbid)).toBe(2);
    expect(feed.feed.notify({ id: 'x', kind: 'won', userId: 'carol' })).toBe(0);
    await settle();
    for (const connection of alice)
      expect(connection.messages).toEqual([{ type: 'notification', notification: outbid }]);
    expect(bob.messages).toEqual([]);
    expect(anonymous.messages).toEqual([]);
    expect(feed.feed.stats().notificationsSent).toBe(2);

    // A closed connection is forgotten; the other one still gets them.
    alice[0]?.socket.close();
    await once(alice[0]?.socket as WebSocket, 'close');
    await settle();
    expect(feed.feed.notify({ ...outbid, id: 'lot-1@4:outbid:leader' })).toBe(1);
  });

  it('keeps a connection anonymous when authenticate throws or answers null, and reports the throw', async () => {
    const errors: string[] = [];
    const feed = await startFeed(getInMemoryEventStore(), {
      authenticate: async (request) => {
        if (request.headers['x-test-user'] === 'boom') throw new Error('session store down (test)');
        return null;
      },
      onError: (error) => errors.push(error.code),
    });
    cleanup.push(feed.close);
    const failing = await client(feed.url, 'boom');
    await client(feed.url, 'nobody');
    await settle();
    expect(feed.feed.notify({ userId: 'boom' })).toBe(0);
    expect(feed.feed.notify({ userId: 'nobody' })).toBe(0);
    expect(errors).toEqual(['AUTHENTICATE_FAILED']);
    // The connection itself still works: a subscribe is answered.
    failing.socket.send(JSON.stringify({ type: 'subscribe', auctionId: 'missing' }));
    await settle();
    expect(failing.messages).toEqual([expect.objectContaining({ type: 'error', code: 'AUCTION_NOT_FOUND' })]);
  });
});
