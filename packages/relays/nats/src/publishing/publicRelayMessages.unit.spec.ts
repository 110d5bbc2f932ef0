import {
  type AuctionEvent,
  createPartitionPublicProjections,
  decide,
  type EventStore,
  evolve,
  fold,
  initialPublicProjection,
  initialState,
  projectPublicEvent,
  publicView,
  type RecordedEvent,
} from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUBLIC_CHANGE_KEYS, walkKeys } from '../../../../core/test/publicKeys';
import { runScenario, scenarioArb } from '../../../../core/test/randomAuction';
import { eventMessage } from '../messages/eventMessage';
import { publicChangeMessage } from '../messages/publicChangeMessage';
import type { RelayMessage } from '../messages/relayMessage';

const engine = { decide, evolve, fold, initialState, publicView };

/** The relay's messages of one batch projected by core's partition projections. */
const projectedMessages = async (
  projections: ReturnType<typeof createPartitionPublicProjections>,
  batch: readonly RecordedEvent[],
) => {
  const projected = await projections.project(0, batch);
  return {
    messages: projected.changes.map(({ change, event }) => publicChangeMessage(change, event, 'p')),
    keep: projected.keep,
  };
};
const AUCTION_IDS = ['lot 42.*', 'café>#', 'a.b'];
/** Raw ids are long and distinctive: a body that holds one, anywhere, leaks it. */
const raw = (letter: string): string => `raw-${letter}-bidder`;
const mask = (auctionId: string, bidderId: string): string =>
  `m${[...`${auctionId}|${bidderId}`].length}x${bidderId.length}`;

const renamed = (event: AuctionEvent, auctionId: string): AuctionEvent => {
  const data: Record<string, unknown> = { ...event.data, auctionId };
  for (const key of ['bidderId', 'winnerId', 'sellerId', 'by'])
    if (typeof data[key] === 'string') data[key] = raw(data[key] as string);
  return { ...event, data } as unknown as AuctionEvent;
};

/** Up to three random auctions, their events interleaved as a store records them. */
const historyArb = fc
  .tuple(fc.array(scenarioArb(40), { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 200 }))
  .map(([scenarios, picks]) => {
    const queues = scenarios.map((scenario, i) =>
      runScenario(engine, scenario).events.map((event) => renamed(event, AUCTION_IDS[i] as string)),
    );
    const versions = queues.map(() => 0);
    const out: RecordedEvent[] = [];
    let p = 0;
    while (queues.some((queue) => queue.length > 0)) {
      const live = queues.map((queue, i) => (queue.length > 0 ? i : -1)).filter((i) => i >= 0);
      const i = live[(picks[p++] ?? 0) % live.length] as number;
      const event = (queues[i] as AuctionEvent[]).shift() as AuctionEvent;
      out.push({
        ...event,
        eventId: `e${out.length}`,
        streamName: `auction-${AUCTION_IDS[i]}`,
        streamVersion: ++(versions[i] as number),
        globalPosition: BigInt(out.length + 1),
        recordedAt: out.length,
      });
    }
    return out;
  });

/** A store that reads from the history (for an auction met without its projection). */
const storeOf = (history: readonly RecordedEvent[]): EventStore =>
  ({
    readStream: async (streamName: string, options: { fromVersion?: number; maxCount?: number } = {}) => {
      const events = history.filter((e) => e.streamName === streamName);
      const from = options.fromVersion ?? 0;
      const picked = events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
      return { currentVersion: events.length, streamExists: events.length > 0, events: picked };
    },
  }) as unknown as EventStore;

type PublicRelay = (
  history: readonly RecordedEvent[],
  batches: readonly number[],
  restarts: readonly boolean[],
) => Promise<RelayMessage[]>;

/**
 * The public relay's projection over batches, as the processor runs it: the partition's state saved
 * with each batch, and at some batch boundaries a new owner that loads it (a restart or a takeover).
 */
const relayPublicWith =
  (maskWith: typeof mask): PublicRelay =>
  async (history, batches, restarts) => {
    const state = new Map<string, string>();
    const writer = {
      set: (k: string, v: string) => void state.set(k, v),
      delete: (k: string) => void state.delete(k),
    };
    let projections = createPartitionPublicProjections({ store: storeOf(history), mask: maskWith });
    projections.assign(0, state);
    const messages: RelayMessage[] = [];
    let at = 0;
    for (let b = 0; at < history.length; b++) {
      const size = 1 + ((batches[b] ?? 100) % 7);
      const batch = history.slice(at, at + size);
      at += batch.length;
      const projected = await projectedMessages(projections, batch);
      messages.push(...projected.messages);
      projected.keep(writer);
      if (restarts[b] === true) {
        projections = createPartitionPublicProjections({ store: storeOf(history), mask: maskWith });
        projections.assign(0, new Map(JSON.parse(JSON.stringify([...state]))));
      }
    }
    return messages;
  };
const relayPublic = relayPublicWith(mask);

/** The feed's projection of each auction in one pass: what the public relay must send. */
const onePass = (history: readonly RecordedEvent[]): RelayMessage[] => {
  const projections = new Map<string, ReturnType<typeof initialPublicProjection>>();
  const out: RelayMessage[] = [];
  for (const event of history) {
    const step = projectPublicEvent(
      projections.get(event.streamName) ?? initialPublicProjection(),
      event,
      mask,
    );
    projections.set(event.streamName, step.projection);
    if (step.change !== null) out.push(publicChangeMessage(step.change, event, 'p'));
  }
  return out;
};

const keepsSecrets = (relay: PublicRelay) =>
  fc.asyncProperty(
    historyArb,
    fc.array(fc.nat(), { maxLength: 60 }),
    fc.array(fc.boolean(), { maxLength: 60 }),
    async (history, batches, restarts) => {
      const messages = await relay(history, batches, restarts);
      for (const message of messages) {
        const where = `${message.msgId}: ${message.body}`;
        expect(message.body, where).not.toMatch(/raw-.-bidder/);
        const body = JSON.parse(message.body) as { version: number; view: { price: number | null } };
        walkKeys(body, (key) => expect(PUBLIC_CHANGE_KEYS.has(key), `${where}: key ${key}`).toBe(true));
        // No number of the message is the leader's max above the price shown, or the reserve above it.
        const upTo = history.filter(
          (e) => e.streamName === message.streamName && e.streamVersion <= body.version,
        );
        const state = fold(upTo as unknown as AuctionEvent[]);
        const shown = state.price ?? -1;
        const secrets = [state.leader?.max, state.rules?.reservePrice].filter(
          (n): n is number => n !== undefined && n > shown && n !== state.result?.price,
        );
        walkKeys(body, (key, inner) => {
          if (typeof inner !== 'number' || ['version', 'at', 'bidCount', 'startsAt', 'endsAt'].includes(key))
            return;
          if (key === 'minimumNextBid' || key === 'buyNowPrice') return;
          expect(secrets.includes(inner), `${where}: ${key} = ${inner} is a secret`).toBe(false);
        });
      }
      expect(messages.map((m) => [m.subject, m.msgId, m.body])).toEqual(
        onePass(history).map((m) => [m.subject, m.msgId, m.body]),
      );
    },
  );

describe('the public relay’s projection (property)', () => {
  it('never sends a raw bidder id or a secret maximum, and sends what the feed shows, across batches and restarts', async () => {
    await fc.assert(keepsSecrets(relayPublic), { numRuns: 150 });
  });

  it('catches a relay whose mask gives the ids as they are (the property can fail)', async () => {
    const details = await fc.check(keepsSecrets(relayPublicWith((_auctionId, bidderId) => bidderId)), {
      numRuns: 100,
    });
    expect(details.failed).toBe(true);
  });

  it('catches a relay that sends the events themselves (the property can fail)', async () => {
    const details = await fc.check(
      keepsSecrets(async (history) => history.map((event) => eventMessage(event, 'p'))),
      { numRuns: 100 },
    );
    expect(details.failed).toBe(true);
  });

  it('catches a relay that forgets its projections at a restart (the property can fail)', async () => {
    const forgetful: PublicRelay = async (history, batches) => {
      const messages: RelayMessage[] = [];
      let at = 0;
      for (let b = 0; at < history.length; b++) {
        const projections = createPartitionPublicProjections({ store: {} as EventStore, mask });
        projections.assign(0, new Map());
        const batch = history.slice(at, at + 1 + ((batches[b] ?? 100) % 7));
        at += batch.length;
        messages.push(
          ...(await projectedMessages(projections, batch).catch(() => ({ messages: [] }))).messages,
        );
      }
      return messages;
    };
    const details = await fc.check(keepsSecrets(forgetful), { numRuns: 100 });
    expect(details.failed).toBe(true);
  });
});
