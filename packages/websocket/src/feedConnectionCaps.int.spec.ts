import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { getInMemoryEventStore } from '@gavel/core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFeed, type TestFeed } from '../test/feedTestKit';
import { createAuctionFeed } from './createAuctionFeed';
import type { FeedLimits } from './feed/feedOptions';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const setUp = async (limits: FeedLimits): Promise<TestFeed> => {
  const feed = await startFeed(getInMemoryEventStore(), { limits });
  cleanup.push(feed.close);
  return feed;
};

/** An upgrade from `localAddress`: 101 once open, else the HTTP status of the refusal and its body. */
interface Attempt {
  readonly status: number;
  readonly body: string;
  readonly socket: WebSocket;
}

const attempt = (url: string, localAddress = '127.0.0.1'): Promise<Attempt> =>
  new Promise((resolve) => {
    const socket = new WebSocket(url, { localAddress });
    socket.on('open', () => {
      cleanup.push(async () => {
        if (socket.readyState === WebSocket.CLOSED) return;
        socket.terminate();
        await once(socket, 'close');
      });
      resolve({ status: 101, body: '', socket });
    });
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, socket });
      });
    });
    socket.on('error', () => resolve({ status: -1, body: '', socket }));
  });

/** Waits until the feed counts `connections` open ones (a close reaches the server a little later). */
const waitForConnections = async (feed: TestFeed, connections: number): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (feed.feed.stats().connections !== connections) {
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(feed.feed.stats())}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const hangUp = async (socket: WebSocket): Promise<void> => {
  socket.close();
  await once(socket, 'close');
};

describe('connection caps', () => {
  it('answers 429 to one address over its cap while another address still connects', async () => {
    const feed = await setUp({ maxConnectionsPerAddress: 2 });
    const first = await attempt(feed.url);
    expect((await attempt(feed.url)).status).toBe(101);

    const over = await attempt(feed.url);

    expect(over.status).toBe(429);
    expect(over.body).toMatch(/connections from your address/);
    expect((await attempt(feed.url, '127.0.0.2')).status).toBe(101);
    expect(feed.feed.stats()).toMatchObject({
      connections: 3,
      addresses: 2,
      refusedOverAddressCap: 1,
      refusedOverTotalCap: 0,
    });
    // Closing one of the address's connections frees its slot.
    await hangUp(first.socket);
    await waitForConnections(feed, 2);
    expect((await attempt(feed.url)).status).toBe(101);
  });

  it('answers 503 once the feed holds maxConnections, whatever the address; a close frees a slot', async () => {
    const feed = await setUp({ maxConnections: 2 });
    expect((await attempt(feed.url, '127.0.0.1')).status).toBe(101);
    const second = await attempt(feed.url, '127.0.0.2');
    expect(second.status).toBe(101);

    const over = await attempt(feed.url, '127.0.0.3');

    expect(over.status).toBe(503);
    expect(over.body).toMatch(/too many connections/);
    expect(feed.feed.stats()).toMatchObject({ connections: 2, refusedOverTotalCap: 1 });
    await hangUp(second.socket);
    await waitForConnections(feed, 1);
    expect((await attempt(feed.url, '127.0.0.3')).status).toBe(101);
    expect(feed.feed.stats()).toMatchObject({ connections: 2, addresses: 2 });
  });

  it('counts only open connections: a refused or failed handshake holds no slot', async () => {
    const feed = await setUp({ maxConnections: 2, maxConnectionsPerAddress: 1 });
    const { port } = new URL(feed.url);
    // An upgrade without Sec-WebSocket-Key: ws answers 400 and destroys the socket.
    const raw = connectTcp(Number(port), '127.0.0.1');
    raw.write('GET /feed HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    let answer = '';
    raw.on('data', (chunk) => (answer += chunk.toString()));
    await once(raw, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);

    const only = await attempt(feed.url);
    expect(only.status).toBe(101);
    for (let i = 0; i < 3; i++) expect((await attempt(feed.url)).status).toBe(429);
    await hangUp(only.socket);
    await waitForConnections(feed, 0);
    expect(feed.feed.stats()).toMatchObject({ addresses: 0 });
    expect((await attempt(feed.url)).status).toBe(101);
  });

  it('refuses a cap below 1, naming it', () => {
    const store = getInMemoryEventStore();
    expect(() => createAuctionFeed({ store, secret: 's', limits: { maxConnections: 0 } })).toThrow(
      /limits\.maxConnections must be an integer >= 1/,
    );
    expect(() =>
      createAuctionFeed({ store, secret: 's', limits: { maxConnectionsPerAddress: 1.5 } }),
    ).toThrow(/limits\.maxConnectionsPerAddress must be an integer >= 1/);
  });
});
