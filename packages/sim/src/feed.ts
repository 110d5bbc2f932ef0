import {
  type BidderMask,
  initialPublicProjection,
  type PublicBatchChange,
  type PublicChange,
  projectPublicEvent,
  type RecordedEvent,
} from '@gavel/core';
import { createWatchedAuction, type WatchedAuction } from '@gavel/websocket';
import { publicProblem } from './publicSecrets';
import type { World } from './world';

/** One connection's view of an auction's feed: the `change` frames it got after its snapshot. */
interface FeedClient {
  connected: boolean;
  /** Bumped at each connection: a frame of an older connection is lost. */
  connection: number;
  /** The stream version of the last frame (snapshot or change) it got; 0 before its snapshot. */
  lastVersion: number;
  /** The version of its last snapshot: it compares its changes after it with the reference's. */
  base: number;
  /** The changes it got since its last snapshot (for the reference, since it subscribed), in order. */
  received: { readonly version: number; readonly text: string }[];
  /** When its last frame is delivered (frames of one connection arrive in order). */
  deliveredUntil: number;
}

interface FeedAuction {
  readonly watched: WatchedAuction;
  /** Gets every frame at once and never disconnects: what a resumed client must have seen. */
  readonly reference: FeedClient;
  /** Disconnects and resumes. */
  readonly client: FeedClient;
}

/** The public side of a run: what the feed processors publish, the feed's fold, its clients. */
export interface Feed {
  /** A batch of the feed processor: its events (for the feed's fold) and core's public changes of them. */
  publish(events: readonly RecordedEvent[], changes: readonly PublicBatchChange[]): Promise<void>;
  /** Drops the client of one auction (chosen by `pick`) for `downMs`, then resumes it from its last version. */
  disconnect(pick: number, downMs: number): void;
  /** At the end: every client has what its reference has. */
  finalCheck(): void;
}

const fnv = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
};

/** The run's bidder mask: a stable pseudonym per auction and bidder. */
export const simMask: BidderMask = (auctionId, bidderId) => `p${fnv(`${auctionId}/${bidderId}`)}`;

const changeText = (change: PublicChange): string => JSON.stringify(change);

/**
 * Creates the feed of a run. Two checks: (1) the changes the feed processors publish (core's partition
 * projections, resumed from the partition state after a takeover) are, per auction and without the
 * redeliveries, exactly the changes of an uninterrupted fold of the stream; (2) a client of the feed's
 * fold (`createWatchedAuction` of the WebSocket package) that disconnects and resumes from its last
 * version gets the same frames as one that never disconnected. Every published change and frame is
 * checked for secrets (a raw bidder id, a max).
 */
export const createFeed = (world: World, bidderIds: readonly string[]): Feed => {
  const { time, database, trace } = world;
  const auctions = new Map<string, FeedAuction>();
  const published = new Map<string, Map<number, string>>();
  const lastPublished = new Map<string, number>();

  const checkPublic = (text: string, where: string): void => {
    const problem = publicProblem(text, bidderIds);
    if (problem !== null) world.violate('public-secret', `${where}: ${problem}`);
  };

  const reference = async (streamName: string, version: number): Promise<Map<number, string>> => {
    const { events } = await database.readStream(streamName, { maxCount: Math.max(1, version) });
    const changes = new Map<number, string>();
    let projection = initialPublicProjection();
    for (const event of events) {
      const step = projectPublicEvent(projection, event, simMask);
      projection = step.projection;
      if (step.change !== null) changes.set(step.change.version, changeText(step.change));
    }
    return changes;
  };

  const publishChange = async (streamName: string, change: PublicChange): Promise<void> => {
    const text = changeText(change);
    checkPublic(text, `published change ${streamName} v${change.version}`);
    const seen = published.get(streamName) ?? new Map<number, string>();
    published.set(streamName, seen);
    const last = lastPublished.get(streamName) ?? 0;
    if (change.version <= last) {
      const before = seen.get(change.version);
      if (before !== undefined && before !== text)
        world.violate('feed-projection', `${streamName} v${change.version} was published twice, differently`);
      else if (before === undefined)
        world.violate('feed-projection', `${streamName} v${change.version} was published after v${last}`);
      return;
    }
    const expected = await reference(streamName, change.version);
    for (const [version, wanted] of expected) {
      if (version <= last || version > change.version) continue;
      if (version < change.version)
        world.violate('feed-projection', `${streamName}: the change of v${version} was never published`);
      else if (wanted !== text)
        world.violate(
          'feed-projection',
          `${streamName} v${version}: published ${text}, an uninterrupted fold gives ${wanted}`,
        );
    }
    if (!expected.has(change.version))
      world.violate(
        'feed-projection',
        `${streamName} v${change.version}: published a change where there is none`,
      );
    seen.set(change.version, text);
    lastPublished.set(streamName, change.version);
  };

  const newClient = (): FeedClient => ({
    connected: false,
    connection: 0,
    lastVersion: 0,
    base: 0,
    received: [],
    deliveredUntil: 0,
  });

  /** A frame's type and version, and its text (compared between clients). */
  const frameOf = (frame: Buffer): { type: string; version: number; text: string } => {
    const text = frame.toString('utf8');
    const message = JSON.parse(text) as { type: string; version: number };
    return { type: message.type, version: message.version, text };
  };

  /** The reference's changes after `base`, which a client subscribed at `base` must get, in order. */
  const expectedAfter = (feed: FeedAuction, base: number) =>
    feed.reference.received.filter((change) => change.version > base);

  const receive = (auctionId: string, feed: FeedAuction, client: FeedClient, frame: Buffer): void => {
    const { type, version, text } = frameOf(frame);
    if (client === feed.reference) checkPublic(text, `frame of ${auctionId} v${version}`);
    if (type === 'snapshot') {
      client.lastVersion = version;
      client.base = version;
      client.received = [];
      return;
    }
    if (version <= client.lastVersion)
      world.violate(
        'feed-resume',
        `${auctionId}: a client got v${version} again after v${client.lastVersion}`,
      );
    client.lastVersion = version;
    const index = client.received.length;
    client.received.push({ version, text });
    if (client === feed.reference) return;
    const expected = expectedAfter(feed, client.base)[index];
    if (expected?.text !== text)
      world.violate(
        'feed-resume',
        `${auctionId}: a resumed client's change #${index + 1} after v${client.base} is v${version}, an uninterrupted client's is ${expected === undefined ? 'none' : `v${expected.version}`}`,
      );
  };

  /** Sends a frame to the client's connection, after a network delay, in order. */
  const send = (auctionId: string, feed: FeedAuction, client: FeedClient, frame: Buffer): void => {
    const connection = client.connection;
    const at = Math.max(client.deliveredUntil, time.now() + world.prng.int(0, 30));
    client.deliveredUntil = at;
    time.scheduler.setTimeout(() => {
      if (client.connected && client.connection === connection) receive(auctionId, feed, client, frame);
    }, at - time.now());
  };

  const connect = (auctionId: string, feed: FeedAuction, client: FeedClient, resume: boolean): void => {
    client.connected = true;
    client.connection++;
    if (!resume) {
      send(auctionId, feed, client, feed.watched.snapshotFrame());
      return;
    }
    const frames = feed.watched.framesAfter(client.lastVersion);
    if (frames === null) {
      world.violate('feed-resume', `${auctionId}: the feed could not resume after v${client.lastVersion}`);
      return;
    }
    trace.add(`feed ${auctionId} resume after v${client.lastVersion}: ${frames.length} frames@${time.now()}`);
    for (const frame of frames) send(auctionId, feed, client, frame);
  };

  /** The feed's fold, fed by the feed processors' batches (redeliveries skipped, gaps reported). */
  const fold = (event: RecordedEvent): void => {
    const auctionId = event.streamName.slice('auction-'.length);
    let feed = auctions.get(auctionId);
    const watched = feed?.watched ?? createWatchedAuction(auctionId, simMask, 10_000);
    if (event.streamVersion <= watched.version()) return;
    if (event.streamVersion > watched.version() + 1) {
      world.violate(
        'feed-fold',
        `${auctionId}: the feed processor handed v${event.streamVersion} after v${watched.version()}`,
      );
      return;
    }
    const frame = watched.apply(event);
    if (feed === undefined) {
      if (!watched.exists()) return;
      feed = { watched, reference: newClient(), client: newClient() };
      auctions.set(auctionId, feed);
      // Both clients subscribe as the auction appears, from the same snapshot.
      feed.reference.connected = true;
      receive(auctionId, feed, feed.reference, watched.snapshotFrame());
      connect(auctionId, feed, feed.client, false);
      return;
    }
    if (frame === null) return;
    receive(auctionId, feed, feed.reference, frame);
    if (feed.client.connected) send(auctionId, feed, feed.client, frame);
  };

  return {
    publish: async (events, changes) => {
      for (const event of events) fold(event);
      for (const { event, change } of changes) await publishChange(event.streamName, change);
    },
    disconnect: (pick, downMs) => {
      const ids = [...auctions.keys()];
      if (ids.length === 0) return;
      const auctionId = ids[pick % ids.length] as string;
      const feed = auctions.get(auctionId) as FeedAuction;
      if (!feed.client.connected) return;
      feed.client.connected = false;
      trace.add(`feed ${auctionId} client disconnected for ${downMs} ms@${time.now()}`);
      // A client that got its snapshot resumes after its last version; one that did not subscribes again.
      time.scheduler.setTimeout(
        () => connect(auctionId, feed, feed.client, feed.client.lastVersion > 0),
        downMs,
      );
    },
    finalCheck: () => {
      for (const [auctionId, feed] of auctions) {
        const expected = expectedAfter(feed, feed.client.base).length;
        if (feed.client.received.length !== expected)
          world.violate(
            'feed-resume',
            `${auctionId}: a resumed client got ${feed.client.received.length} changes after v${feed.client.base}, an uninterrupted one ${expected}`,
          );
      }
    },
  };
};
