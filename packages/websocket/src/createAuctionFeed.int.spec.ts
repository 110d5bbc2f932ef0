import { getInMemoryEventStore, publicHistory, publicSnapshot, readAuctionEvents } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  connect,
  leaks,
  type Message,
  openTestAuction,
  placeBids,
  SECRET,
  startFeed,
  T0,
  type TestClient,
  testBackend,
} from '../test/feedTestKit';

const mask = maskBidderId(SECRET);
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const setUp = async (options: Parameters<typeof startFeed>[1] = {}) => {
  const store = getInMemoryEventStore();
  let now = T0 + 1_000;
  const service = testBackend(store, () => now);
  const feed = await startFeed(store, options);
  cleanup.push(feed.close);
  const client = async (): Promise<TestClient> => {
    const c = await connect(feed.url);
    cleanup.push(c.close);
    return c;
  };
  return { store, service, feed, client, setNow: (t: number) => (now = t) };
};

const changesOf = (messages: Message[], auctionId: string) =>
  messages.filter((m) => m.type === 'change' && m.auctionId === auctionId);
const lastVersion = (messages: Message[]): number =>
  messages.filter((m) => m.type !== 'error').reduce((v, m) => Math.max(v, m.version as number), 0);
const waitForVersion = (client: TestClient, version: number) =>
  client.waitFor((messages) => lastVersion(messages) >= version, `version ${version}`);

describe('createAuctionFeed over real sockets', () => {
  it('sends a snapshot, then every change in order, masked and without secrets', async () => {
    const { store, service, client, setNow } = await setUp();
    await service.execute(openTestAuction('lot-1'));
    await placeBids(service, 'lot-1', 6);
    const watcher = await client();
    watcher.send({ type: 'subscribe', auctionId: 'lot-1' });
    await watcher.waitFor((m) => m.length === 1, 'snapshot');
    await placeBids(service, 'lot-1', 20);
    setNow(T0 + 3_600_000 - 10_000); // inside the soft-close window: a bid extends the auction
    await placeBids(service, 'lot-1', 2);
    setNow(T0 + 10_000_000);
    expect((await service.execute({ type: 'CloseAuction', data: { auctionId: 'lot-1' } })).ok).toBe(true);
    const { version, events } = await readAuctionEvents(store, 'lot-1');
    await waitForVersion(watcher, version);

    const [snapshot, ...changes] = watcher.messages;
    expect(snapshot?.type).toBe('snapshot');
    const before = publicSnapshot(
      events.filter((e) => e.streamVersion <= (snapshot?.version as number)),
      mask,
    );
    expect(snapshot).toEqual({ type: 'snapshot', ...before });
    expect(changes.every((m) => m.type === 'change')).toBe(true);
    const versions = changes.map((m) => m.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBeGreaterThan(snapshot?.version as number);
    // The snapshot's history plus the changes' entries is the whole public history, with an extension and the close.
    const history = [...(snapshot?.history ?? []), ...changes.flatMap((m) => (m.entry ? [m.entry] : []))];
    expect(history).toEqual(publicHistory(events, mask));
    expect(history.some((entry) => entry.kind === 'extended')).toBe(true);
    expect(history.at(-1)?.kind).toBe('closed');
    expect(history.some((entry) => entry.automatic)).toBe(true);
    expect(changes.at(-1)?.view).toEqual(publicSnapshot(events, mask)?.view);
    expect(changes.at(-1)?.view.status).toBe('closed');
    expect(leaks(watcher.raw, 'lot-1')).toEqual([]);
  });

  it('resumes with afterVersion: a reconnected client sees exactly what an uninterrupted one saw', async () => {
    const { store, service, client } = await setUp();
    await service.execute(openTestAuction('lot-2'));
    await placeBids(service, 'lot-2', 3);
    const steady = await client();
    const flaky = await client();
    steady.send({ type: 'subscribe', auctionId: 'lot-2' });
    flaky.send({ type: 'subscribe', auctionId: 'lot-2' });
    await steady.waitFor((m) => m.length === 1, 'snapshot');
    await flaky.waitFor((m) => m.length === 1, 'snapshot');
    await placeBids(service, 'lot-2', 5);
    const seen = (await readAuctionEvents(store, 'lot-2')).version;
    await waitForVersion(flaky, seen);
    await flaky.close();
    await placeBids(service, 'lot-2', 7); // missed by the flaky client
    const resumed = await client();
    resumed.send({ type: 'subscribe', auctionId: 'lot-2', afterVersion: lastVersion(flaky.messages) });
    await placeBids(service, 'lot-2', 4);
    const final = (await readAuctionEvents(store, 'lot-2')).version;
    await waitForVersion(steady, final);
    await waitForVersion(resumed, final);
    expect(resumed.messages.every((m) => m.type === 'change')).toBe(true);
    expect([...flaky.raw, ...resumed.raw]).toEqual(steady.raw);
  });

  it('answers a resume from further back than it keeps with a fresh snapshot', async () => {
    const { store, service, client } = await setUp({ limits: { resumeWindow: 3 } });
    await service.execute(openTestAuction('lot-3'));
    await placeBids(service, 'lot-3', 12);
    const late = await client();
    late.send({ type: 'subscribe', auctionId: 'lot-3', afterVersion: 2 });
    await late.waitFor((m) => m.length === 1, 'snapshot');
    expect(late.messages[0]).toMatchObject({
      type: 'snapshot',
      version: (await readAuctionEvents(store, 'lot-3')).version,
    });
    const recent = await client();
    const version = late.messages[0]?.version as number;
    recent.send({ type: 'subscribe', auctionId: 'lot-3', afterVersion: version - 1 });
    await recent.waitFor((m) => m.length === 1, 'one change');
    expect(recent.messages[0]).toMatchObject({ type: 'change', version });
  });

  it('answers bad frames with an error and keeps the connection open', async () => {
    const { service, client } = await setUp({ limits: { maxSubscriptionsPerClient: 2 } });
    await service.execute(openTestAuction('lot-4'));
    const c = await client();
    const bad: unknown[] = [
      'not json',
      '{"type":"subscribe"}',
      { type: 'subscribe', auctionId: '' },
      { type: 'subscribe', auctionId: 'lot-4', afterVersion: -1 },
      { type: 'subscribe', auctionId: 'lot-4', afterVersion: 1.5 },
      { type: 'subscribe', auctionId: 'lot-4', extra: true },
      { type: 'bid', auctionId: 'lot-4', amount: 5 },
      { type: 'subscribe', auctionId: 'x'.repeat(201) },
      [],
      'null',
    ];
    for (const frame of bad) c.send(frame);
    c.socket.send(Buffer.from('{"type":"subscribe","auctionId":"lot-4"}'), { binary: true });
    await c.waitFor((m) => m.length === bad.length + 1, 'an error per bad frame');
    expect(c.messages.every((m) => m.type === 'error' && m.code === 'INVALID_MESSAGE')).toBe(true);
    expect(c.messages[2]).toMatchObject({ field: 'auctionId' });
    c.send({ type: 'subscribe', auctionId: 'no-such-lot' });
    await c.waitFor((m) => m.some((x) => x.code === 'AUCTION_NOT_FOUND'), 'not found');
    expect(c.messages.at(-1)).toMatchObject({
      type: 'error',
      code: 'AUCTION_NOT_FOUND',
      auctionId: 'no-such-lot',
    });
    c.send({ type: 'subscribe', auctionId: 'lot-4' });
    await c.waitFor((m) => m.some((x) => x.type === 'snapshot'), 'snapshot after errors');
    await service.execute(openTestAuction('lot-5'));
    await service.execute(openTestAuction('lot-6'));
    c.send({ type: 'subscribe', auctionId: 'lot-5' });
    c.send({ type: 'subscribe', auctionId: 'lot-6' });
    await c.waitFor((m) => m.some((x) => x.code === 'TOO_MANY_SUBSCRIPTIONS'), 'subscription bound');
    expect(c.socket.readyState).toBe(c.socket.OPEN);
    // An unsubscribe frees a place.
    c.send({ type: 'unsubscribe', auctionId: 'lot-4' });
    c.send({ type: 'subscribe', auctionId: 'lot-6' });
    await c.waitFor((m) => m.some((x) => x.type === 'snapshot' && x.auctionId === 'lot-6'), 'lot-6 snapshot');
    // Nothing more arrives for an unsubscribed auction.
    await placeBids(service, 'lot-4', 2);
    await placeBids(service, 'lot-6', 1);
    await c.waitFor((m) => changesOf(m, 'lot-6').length === 1, 'lot-6 change');
    expect(changesOf(c.messages, 'lot-4')).toEqual([]);
  });

  it('refuses a frame over 64 KiB by closing with 1009', async () => {
    const { client } = await setUp();
    const c = await client();
    c.send({ type: 'subscribe', auctionId: 'x'.repeat(70 * 1024) });
    expect(await c.closed).toBe(1009);
  });

  it('cuts off a client that never reads while a normal one keeps receiving', async () => {
    const { service, client, feed } = await setUp({ limits: { maxBufferedBytes: 64 * 1024 } });
    await service.execute(openTestAuction('lot-7'));
    await placeBids(service, 'lot-7', 400); // a snapshot of some 40 KB
    const normal = await client();
    normal.send({ type: 'subscribe', auctionId: 'lot-7' });
    await normal.waitFor((m) => m.length === 1, 'snapshot');
    const slow = await client();
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause(); // never reads again
    // Ask for the big snapshot again and again: the kernel buffers fill, then the server's send buffer.
    // One at a time: a subscribe replaced by the next before it is served is never served.
    const deadline = Date.now() + 30_000;
    while (feed.feed.stats().slowConsumersClosed === 0 && Date.now() < deadline) {
      slow.send({ type: 'subscribe', auctionId: 'lot-7' });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(feed.feed.stats(), JSON.stringify(feed.feed.stats())).toMatchObject({ slowConsumersClosed: 1 });
    const before = normal.messages.length;
    await placeBids(service, 'lot-7', 3);
    await normal.waitFor((m) => m.length === before + 3, 'three more changes');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(feed.feed.stats().connections).toBe(1);
  });

  it('delivers a snapshot larger than maxBufferedBytes, and the changes after it', async () => {
    const { service, client, feed } = await setUp({ limits: { maxBufferedBytes: 4_096 } });
    await service.execute(openTestAuction('lot-8'));
    await placeBids(service, 'lot-8', 100);
    const c = await client();
    c.send({ type: 'subscribe', auctionId: 'lot-8' });
    await c.waitFor((m) => m.length === 1, 'snapshot');
    expect((c.raw[0] as string).length).toBeGreaterThan(4_096);
    await placeBids(service, 'lot-8', 3);
    await c.waitFor((m) => m.length === 4, 'three changes');
    expect(feed.feed.stats().slowConsumersClosed).toBe(0);
  });

  it('drops a connection that stops answering pings', async () => {
    // Long enough that the live client, in this busy test process, always answers in time.
    const { client, feed } = await setUp({ limits: { heartbeatIntervalMs: 500 } });
    const alive = await client();
    const dead = await client();
    (dead.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadline = Date.now() + 10_000;
    while (feed.feed.stats().deadConnectionsDropped === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.feed.stats().deadConnectionsDropped).toBe(1);
    expect(feed.feed.stats().connections).toBe(1);
    expect(alive.socket.readyState).toBe(alive.socket.OPEN);
  });

  it('closes every connection with 1001 on close(), and answers 404 on another path when alone', async () => {
    const { client, feed } = await setUp();
    const c = await client();
    const other = new WebSocket(feed.url.replace('/feed', '/elsewhere'));
    const status = await new Promise<number>((resolve) => {
      other.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      other.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
    await feed.feed.close();
    expect(await c.closed).toBe(1001);
  });

  it("leaves upgrades on other paths to the server's other listeners", async () => {
    const { feed } = await setUp();
    feed.feed.attach(feed.server); // a second attach of the same server changes nothing
    const taken: string[] = [];
    feed.server.on('upgrade', (request, socket) => {
      if (request.url === '/feed') return;
      taken.push(request.url ?? '');
      socket.end('HTTP/1.1 418 I am a teapot\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    const other = new WebSocket(feed.url.replace('/feed', '/elsewhere'));
    const status = await new Promise<number>((resolve) => {
      other.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      other.on('error', () => resolve(-1));
    });
    expect(status).toBe(418);
    expect(taken).toEqual(['/elsewhere']);
    const c = await connect(feed.url);
    c.send({ type: 'subscribe', auctionId: 'nothing-here' });
    await c.waitFor((m) => m.length > 0, 'an answer');
    expect(c.messages).toHaveLength(1);
    expect(feed.feed.stats().connections).toBe(1);
    await c.close();
  });
});
