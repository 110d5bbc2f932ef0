/**
 * Test-only: a feed on a real HTTP server on a loopback port, real `ws` clients, and an auction to bid on.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuctionCommand,
  auctionStreamName,
  decide,
  type EventStore,
  fold,
  type OpenAuction,
  type PublicView,
  publicView,
  readAuctionEvents,
  toAuctionEvent,
} from '@gavel/core';
import { openAuctionCommand, TEST_AUCTION_START } from '@gavel/core/testing';
import { WebSocket } from 'ws';
import { type AuctionFeed, createAuctionFeed } from '../src/createAuctionFeed';
import type { AuctionFeedOptions } from '../src/feed/feedOptions';

/** The secret every test feed masks with. */
export const SECRET = 'test-secret';

/** A feed served on its own HTTP server. */
export interface TestFeed {
  readonly feed: AuctionFeed;
  readonly server: Server;
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Starts a feed on a fresh HTTP server on 127.0.0.1 (a random port). */
export const startFeed = async (
  store: EventStore,
  options: Partial<AuctionFeedOptions> = {},
): Promise<TestFeed> => {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const feed = createAuctionFeed({ store, secret: SECRET, ...options });
  feed.attach(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    feed,
    server,
    url: `ws://127.0.0.1:${port}${options.path ?? '/feed'}`,
    close: async () => {
      await feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** A parsed server message; the tests look into it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: test messages are checked field by field
export type Message = Record<string, any>;

/** A real `ws` client that records every message it receives. */
export interface TestClient {
  readonly socket: WebSocket;
  readonly messages: Message[];
  /** Every raw frame, as received. */
  readonly raw: string[];
  readonly send: (message: unknown) => void;
  /** Resolves once `done(messages)` holds (checked on every message); rejects after `timeoutMs`. */
  readonly waitFor: (
    done: (messages: Message[]) => boolean,
    what: string,
    timeoutMs?: number,
  ) => Promise<void>;
  /** Resolves with the close code once the socket is closed. */
  readonly closed: Promise<number>;
  readonly close: () => Promise<void>;
}

/** Connects a client and waits for the socket to open. */
export const connect = async (url: string): Promise<TestClient> => {
  const socket = new WebSocket(url);
  const messages: Message[] = [];
  const raw: string[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data) => {
    const text = data.toString();
    raw.push(text);
    messages.push(JSON.parse(text));
    for (const listener of listeners) listener();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('error', () => {});
  await once(socket, 'open');
  return {
    socket,
    messages,
    raw,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitFor: (done, what, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (done(messages)) return resolve();
        const check = (): void => {
          if (!done(messages)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages).slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
      }),
    closed,
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close();
      // A paused or dead client never completes the close handshake: cut it.
      const timer = setTimeout(() => socket.terminate(), 300);
      await closed;
      clearTimeout(timer);
    },
  };
};

/** What the tests need of a backend: commands decided and recorded, and the view. */
export interface TestBackend {
  readonly execute: (command: AuctionCommand) => Promise<{ ok: boolean }>;
  readonly view: (auctionId: string) => Promise<PublicView | null>;
}

/**
 * A minimal backend on the port alone (read, fold, decide, append at the expected version), so that the
 * feed's tests depend on the decider and the store, not on the command service's batching.
 */
export const testBackend = (store: EventStore, clock: () => number): TestBackend => {
  const load = async (auctionId: string) => {
    const { version, events } = await readAuctionEvents(store, auctionId);
    return { version, state: fold(events.map(toAuctionEvent)) };
  };
  return {
    execute: async (command) => {
      const { version, state } = await load(command.data.auctionId);
      const decision = decide(command, state, clock());
      if (!decision.ok || decision.events.length === 0) return { ok: decision.ok };
      await store.appendToStream(auctionStreamName(command.data.auctionId), decision.events, {
        expectedVersion: version,
      });
      return { ok: true };
    },
    view: async (auctionId) => publicView((await load(auctionId)).state, clock()),
  };
};

/** The time every test auction opens at. */
export const T0 = TEST_AUCTION_START;

/** Opens `auctionId` at T0 for an hour, starting at 1 000, flat increments of 100, a reserve of 5 000. */
export const openTestAuction = (auctionId: string, extra: Partial<OpenAuction['data']> = {}): OpenAuction =>
  openAuctionCommand(auctionId, {
    sellerId: 'seller-1',
    startingPrice: 1_000,
    endsAt: T0 + 3_600_000,
    reservePrice: 5_000,
    increments: [{ from: 0, increment: 100 }],
    softClose: { windowMs: 60_000, extendMs: 120_000 },
    ...extra,
  });

/** The bidders of the tests: ids long enough that a leak shows as a substring. */
export const BIDDERS = ['bidder-alice', 'bidder-bob', 'bidder-carol', 'bidder-dave'] as const;

/** Every max and straight amount accepted by {@link placeBids}, per auction: the secrets to look for. */
export const offered = new Map<string, number[]>();

/**
 * Places `count` accepted bids on `auctionId`, alternating bidders, proxies and straight bids so that
 * some are answered by a proxy ("automatic"). Returns the highest max any bidder set.
 */
export const placeBids = async (service: TestBackend, auctionId: string, count: number): Promise<number> => {
  let highest = 0;
  const amounts = offered.get(auctionId) ?? [];
  offered.set(auctionId, amounts);
  for (let i = 0; i < count; i++) {
    const view = await service.view(auctionId);
    const minimum = view?.minimumNextBid ?? 1_000;
    const bidderId = BIDDERS[i % BIDDERS.length] as string;
    const proxy = i % 3 !== 1;
    const amount = proxy ? minimum + 700 + (i % 5) * 100 : minimum;
    const result = await service.execute(
      proxy
        ? { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: amount } }
        : { type: 'PlaceBid', data: { auctionId, bidderId, amount } },
    );
    if (result.ok) {
      highest = Math.max(highest, amount);
      amounts.push(amount);
    }
  }
  return highest;
};

const pricesIn = (value: unknown, key = ''): [string, number][] => {
  if (typeof value === 'number') return [[key, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([inner, v]) => pricesIn(v, Array.isArray(value) ? key : inner));
};

/**
 * The frames that leak: a raw bidder or seller id, a field naming a max, a floor or the reserve, or a
 * money amount (a `price`) equal to an offer above the price the frame shows, or to the reserve while
 * the shown price is below it.
 */
export const leaks = (raw: readonly string[], auctionId: string, reserve = 5_000): string[] =>
  raw.filter((frame) => {
    if (BIDDERS.some((id) => frame.includes(id)) || frame.includes('seller-1')) return true;
    if (/max|reservePrice|floor|"reserve"/i.test(frame)) return true;
    const message = JSON.parse(frame) as { view?: { price: number | null } };
    const shown = message.view?.price ?? -1;
    const secrets = (offered.get(auctionId) ?? []).filter((amount) => amount > shown);
    if (reserve > shown) secrets.push(reserve);
    return pricesIn(message).some(([key, value]) => key === 'price' && secrets.includes(value));
  });
