import type { AuctionCommand } from '../auction/commands';
import type { AuctionClosed } from '../auction/events';
import type { AuctionService } from '../commandHandling/createAuctionService';
import { isAuctionClosed } from '../decoding/auctionEventGuards';
import type {
  EventStore,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionMessage,
} from '../eventStore/eventStore';
import { openAuctionCommand } from '../testing/openAuctionCommand';

/** Test helper (not exported): the commands a closer sent, in order, and its service's answers. */
export const spyService = (
  inner: Pick<AuctionService, 'execute'>,
): Pick<AuctionService, 'execute'> & { readonly commands: AuctionCommand[] } => {
  const commands: AuctionCommand[] = [];
  return {
    commands,
    execute: (command) => {
      commands.push(command);
      return inner.execute(command);
    },
  };
};

/** Test helper: opens an auction ending at `endsAt` (started at `startsAt`) through `service`. */
export const openEndingAt = async (
  service: Pick<AuctionService, 'execute'>,
  auctionId: string,
  startsAt: number,
  endsAt: number,
  data: Parameters<typeof openAuctionCommand>[1] = {},
): Promise<void> => {
  const result = await service.execute(openAuctionCommand(auctionId, { startsAt, endsAt, ...data }));
  if (!result.ok) throw new Error(`could not open ${auctionId}: ${result.code}`);
};

/** Test helper: every `AuctionClosed` in the store, in global order. */
export const closedEvents = async (store: EventStore): Promise<(RecordedEvent & AuctionClosed)[]> => {
  const closed: (RecordedEvent & AuctionClosed)[] = [];
  for await (const message of store.subscribe({ category: 'auction' })) {
    if (message.type === 'caught-up') break;
    if (isAuctionClosed(message.event)) closed.push(message.event);
  }
  return closed;
};

/** Test helper: the number of `AuctionClosed` events per auction id. */
export const closeCounts = async (store: EventStore): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  for (const event of await closedEvents(store)) {
    const auctionId = event.data.auctionId;
    counts.set(auctionId, (counts.get(auctionId) ?? 0) + 1);
  }
  return counts;
};

/**
 * Test helper: a store whose subscriptions can be made to fail. `failAfter(n)` makes the next
 * subscriptions throw after delivering `n` messages (once each, `times` times); `holdLive(type)` keeps
 * live events of that type back until `releaseLive()`.
 */
export interface FlakyStore extends EventStore {
  readonly subscriptions: SubscribeOptions[];
  failAfter(messages: number, times?: number): void;
  /** Makes every subscription open now throw at its next message. */
  breakLive(): void;
  holdLive(type: string): void;
  releaseLive(): void;
}

export const flakyStore = (inner: EventStore): FlakyStore => {
  const subscriptions: SubscribeOptions[] = [];
  let failAt: number | null = null;
  let failures = 0;
  let heldType: string | null = null;
  let breaks = 0;
  let held: Array<() => void> = [];
  const subscribe = (options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> => {
    subscriptions.push(options);
    return {
      async *[Symbol.asyncIterator]() {
        const failing = failures > 0 ? failAt : null;
        if (failing !== null) failures--;
        let delivered = 0;
        let live = false;
        const generation = breaks;
        for await (const message of inner.subscribe(options)) {
          if ((failing !== null && delivered >= failing) || breaks > generation)
            throw new Error('connection lost (test)');
          if (message.type === 'caught-up') live = true;
          else if (live && heldType !== null && message.event.type === heldType)
            await new Promise<void>((resolve) => held.push(resolve));
          delivered++;
          yield message;
        }
      },
    };
  };
  return {
    readStream: inner.readStream,
    appendToStream: inner.appendToStream,
    processors: inner.processors,
    close: inner.close,
    subscribe,
    subscriptions,
    failAfter: (messages, times = 1) => {
      failAt = messages;
      failures = times;
    },
    breakLive: () => {
      breaks++;
    },
    holdLive: (type) => {
      heldType = type;
    },
    releaseLive: () => {
      heldType = null;
      const waiting = held;
      held = [];
      for (const resolve of waiting) resolve();
    },
  };
};
